package com.billingengine.pricing;

import com.billingengine.period.BillingPeriod;
import com.billingengine.pricing.CustomLineItem.Recurrence;
import com.billingengine.pricing.PricingRules.PricingRule;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@code pricing-rules.yml} from SnakeYAML's node tree rather than from Java objects: the nodes carry line
 * numbers for messages, and scalars keep their text, so {@code 5.1} stays exactly 5.1 and an account id such as
 * {@code 012345678901} is not read as an octal number. Problems are collected so one run reports all of them.
 */
final class PricingRulesParser {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern AWS_ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final List<String> TOP_KEYS = List.of("rules", "customLineItems");
    private static final List<String> RULE_KEYS = List.of("id", "percent", "scope", "from", "until");
    private static final List<String> RULE_SCOPE_KEYS = List.of("customer", "payer", "account", "service", "chargeType");
    private static final List<String> ITEM_KEYS = List.of("id", "customer", "description", "amount", "percent", "currency", "scope",
            "recurrence", "period", "from", "until");
    private static final List<String> ITEM_SCOPE_KEYS = List.of("payer", "account", "service", "chargeType");
    private static final BigDecimal MINUS_100 = BigDecimal.valueOf(-100);
    private static final BigDecimal MAX_PERCENT = BigDecimal.valueOf(1000);

    private final String source;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Integer> idLines = new HashMap<>();

    PricingRulesParser(String source) {
        this.source = source;
    }

    PricingRules parse(String yaml) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new PricingRulesException(source, List.of(source + " line " + line + ": not valid YAML: " + e.getProblem()));
        } catch (YAMLException e) {
            throw new PricingRulesException(source, List.of(source + ": not valid YAML: " + e.getMessage()));
        }
        if (root == null || isNull(root)) {
            return PricingRules.empty();
        }
        List<PricingRule> rules = new ArrayList<>();
        List<CustomLineItem> items = new ArrayList<>();
        if (root instanceof MappingNode top) {
            Fields fields = fields(top, TOP_KEYS);
            fields.unknown().forEach(key -> problem(key, "top level", "'" + text(key) + "' is not a known key (allowed: "
                    + String.join(", ", TOP_KEYS) + ")"));
            fields.duplicates().forEach(key -> problem(key, "top level", "'" + text(key) + "' appears twice"));
            rules = list(fields.get("rules"), "rules", this::rule);
            items = list(fields.get("customLineItems"), "customLineItems", this::customItem);
        } else {
            problem(root, "top level", "expected a mapping with the keys " + String.join(", ", TOP_KEYS));
        }
        checkDistinctScopes(rules);
        if (!problems.isEmpty()) {
            throw new PricingRulesException(source, problems);
        }
        return new PricingRules(source, rules, items);
    }

    private <T> List<T> list(Node node, String name, BiFunction<Node, String, T> parseEntry) {
        List<T> parsed = new ArrayList<>();
        if (node == null || isNull(node)) {
            return parsed;
        }
        if (!(node instanceof SequenceNode sequence)) {
            problem(node, name, "expected a list (entries starting with '- ')");
            return parsed;
        }
        for (int i = 0; i < sequence.getValue().size(); i++) {
            T entry = parseEntry.apply(sequence.getValue().get(i), name + "[" + i + "]");
            if (entry != null) {
                parsed.add(entry);
            }
        }
        return parsed;
    }

    private PricingRule rule(Node node, String position) {
        Entry entry = entry(node, position, "rule", RULE_KEYS);
        if (entry == null) {
            return null;
        }
        BigDecimal percent = percentInRange(entry, decimal(entry, "percent", true));
        Scope scope = scope(entry, RULE_SCOPE_KEYS);
        BillingPeriod from = period(entry, "from");
        BillingPeriod until = period(entry, "until");
        untilNotBeforeFrom(entry, from, until);
        return problems.size() == entry.problemsBefore() && entry.id() != null
                ? new PricingRule(entry.id(), percent, scope, from, until, line(node)) : null;
    }

    private CustomLineItem customItem(Node node, String position) {
        Entry entry = entry(node, position, "custom line item", ITEM_KEYS);
        if (entry == null) {
            return null;
        }
        String customer = requiredText(entry, "customer");
        String description = requiredText(entry, "description");
        BigDecimal amount = nonZero(entry, "amount", decimal(entry, "amount", false));
        BigDecimal percent = percentInRange(entry, nonZero(entry, "percent", decimal(entry, "percent", false)));
        if (entry.has("amount") && entry.has("percent")) {
            fieldProblem(entry, "percent", "give either amount (a fixed fee or credit) or percent (of spend), not both");
        } else if (!entry.has("amount") && !entry.has("percent")) {
            fieldProblem(entry, "amount", "missing: give amount (a fixed fee or credit) or percent (of spend)");
        }
        String currency = currency(entry);
        if (entry.has("currency") && entry.has("percent")) {
            fieldProblem(entry, "currency", "only a fixed amount names a currency; a percent item takes its share of"
                    + " each of the customer's invoices");
        }
        Scope scope = scope(entry, ITEM_SCOPE_KEYS);
        if (entry.has("scope") && entry.has("amount")) {
            fieldProblem(entry, "scope", "only a percent item has a scope; a fixed amount applies to the whole invoice");
        }
        Recurrence recurrence = recurrence(entry);
        BillingPeriod period = period(entry, "period");
        BillingPeriod from = period(entry, "from");
        BillingPeriod until = period(entry, "until");
        if (recurrence == Recurrence.ONE_TIME) {
            if (!entry.has("period")) {
                fieldProblem(entry, "period", "missing: a one-time item needs period: YYYY-MM");
            }
            Stream.of("from", "until").filter(entry::has).forEach(field ->
                    fieldProblem(entry, field, "only a recurring item has from/until; a one-time item has period"));
            from = period;
            until = period;
        } else if (recurrence == Recurrence.RECURRING) {
            if (entry.has("period")) {
                fieldProblem(entry, "period", "only a one-time item has period; a recurring item has optional from/until");
            }
            untilNotBeforeFrom(entry, from, until);
        }
        return problems.size() == entry.problemsBefore() && entry.id() != null
                ? new CustomLineItem(entry.id(), customer, description, amount, percent, currency, scope, recurrence,
                        from, until, line(node))
                : null;
    }

    /** Reads a list entry's keys and its id; returns null (after reporting) when the entry is not a mapping. */
    private Entry entry(Node node, String position, String kind, List<String> allowed) {
        int problemsBefore = problems.size();
        if (!(node instanceof MappingNode mapping)) {
            problem(node, position, "expected a mapping with the keys " + String.join(", ", allowed));
            return null;
        }
        Fields fields = fields(mapping, allowed);
        Node idNode = fields.get("id");
        String id = idNode == null ? null : text(idNode);
        Entry entry = new Entry(fields, id != null && ID.matcher(id).matches() ? kind + " '" + id + "'" : position,
                null, node, problemsBefore);
        if (id == null) {
            fieldProblem(entry, "id", "missing");
        } else if (!ID.matcher(id).matches()) {
            fieldProblem(entry, "id", "invalid value '" + id + "' (letters, digits, '.', '_', '-'; at most 64)");
        } else if (id.equals(AppliedRule.REGISTRY) || id.equals(AppliedRule.PASS_THROUGH)) {
            fieldProblem(entry, "id", "'" + id + "' is reserved for lines no rule prices");
        } else if (idLines.containsKey(id)) {
            fieldProblem(entry, "id", "duplicate id '" + id + "' (first used on line " + idLines.get(id) + ")");
        } else {
            idLines.put(id, line(idNode));
            entry = new Entry(fields, entry.what(), id, node, problemsBefore);
        }
        Entry named = entry;
        fields.unknown().forEach(key -> problem(key, named.what(), "unknown key '" + text(key) + "' (allowed: "
                + String.join(", ", allowed) + ")"));
        fields.duplicates().forEach(key -> problem(key, named.what(), "key '" + text(key) + "' appears twice"));
        return entry;
    }

    private Scope scope(Entry entry, List<String> allowed) {
        Node node = entry.fields().get("scope");
        if (node == null || isNull(node)) {
            return Scope.GLOBAL;
        }
        if (!(node instanceof MappingNode mapping)) {
            fieldProblem(entry, "scope", "expected a mapping with any of " + String.join(", ", allowed));
            return Scope.GLOBAL;
        }
        Fields fields = fields(mapping, allowed);
        fields.unknown().forEach(key -> problem(key, entry.what(), "field 'scope': unknown key '" + text(key)
                + "' (allowed: " + String.join(", ", allowed) + ")"));
        fields.duplicates().forEach(key -> problem(key, entry.what(), "field 'scope': key '" + text(key) + "' appears twice"));
        Entry scopeEntry = new Entry(fields, entry.what(), entry.id(), node, entry.problemsBefore());
        String customer = nonBlank(scopeEntry, "scope.customer");
        String payer = awsAccountId(scopeEntry, "scope.payer");
        String account = awsAccountId(scopeEntry, "scope.account");
        String service = nonBlank(scopeEntry, "scope.service");
        ChargeType chargeType = chargeType(scopeEntry);
        long owners = Stream.of(customer, payer, account).filter(value -> value != null).count();
        if (owners > 1) {
            fieldProblem(entry, "scope", "names more than one of customer, payer, account; name only the most specific one");
        }
        return new Scope(customer, payer, account, service, chargeType);
    }

    private void untilNotBeforeFrom(Entry entry, BillingPeriod from, BillingPeriod until) {
        if (from != null && until != null && from.compareTo(until) > 0) {
            fieldProblem(entry, "until", "invalid value '" + until + "': before from '" + from + "'");
        }
    }

    /**
     * Two rules with the same scope may follow each other in time (a renewed markup from January) but never be in
     * force in the same period: one of them would never apply there, and which one is nobody's guess.
     */
    private void checkDistinctScopes(List<PricingRule> rules) {
        Map<Scope, List<PricingRule>> byScope = new HashMap<>();
        for (PricingRule rule : rules) {
            List<PricingRule> same = byScope.computeIfAbsent(rule.scope(), k -> new ArrayList<>());
            same.stream().filter(other -> other.overlaps(rule)).findFirst().ifPresent(other -> problems.add(source
                    + " line " + rule.line() + ": rule '" + rule.id() + "', field 'scope': same scope "
                    + rule.scope().describe() + " as rule '" + other.id() + "' (line " + other.line() + ") in "
                    + (other.from() == null && other.until() == null && rule.from() == null && rule.until() == null
                            ? "every period; one of them could never apply (date them with from/until, YYYY-MM)"
                            : "overlapping periods (" + other.id() + ": " + other.periods() + ", " + rule.id() + ": "
                                    + rule.periods() + "); date them so that they do not overlap")));
            same.add(rule);
        }
    }

    private String nonBlank(Entry entry, String field) {
        String value = scopeText(entry, field);
        if (value != null && value.isBlank()) {
            fieldProblem(entry, field, "must not be blank");
            return null;
        }
        return value;
    }

    private String awsAccountId(Entry entry, String field) {
        String value = scopeText(entry, field);
        if (value != null && !AWS_ACCOUNT_ID.matcher(value).matches()) {
            fieldProblem(entry, field, "invalid value '" + value + "' (expected a 12-digit AWS account id)");
            return null;
        }
        return value;
    }

    private ChargeType chargeType(Entry entry) {
        String value = scopeText(entry, "scope.chargeType");
        if (value == null) {
            return null;
        }
        return ChargeType.fromCode(value).orElseGet(() -> {
            fieldProblem(entry, "scope.chargeType", "unknown value '" + value + "' (known: " + ChargeType.knownCodes() + ")");
            return null;
        });
    }

    /** A scope field's text; {@code field} is qualified (scope.payer) for messages, looked up without the prefix. */
    private String scopeText(Entry entry, String field) {
        return optionalText(entry, field.substring(field.indexOf('.') + 1), field);
    }

    private String requiredText(Entry entry, String field) {
        String value = optionalText(entry, field, field);
        if (value == null || value.isBlank()) {
            fieldProblem(entry, field, value == null ? "missing" : "must not be blank");
            return null;
        }
        return value;
    }

    private String optionalText(Entry entry, String key, String field) {
        Node node = entry.fields().get(key);
        if (node == null || isNull(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode)) {
            problem(node, entry.what(), "field '" + field + "': expected a single value, not a list or mapping");
            return null;
        }
        return text(node).trim();
    }

    /**
     * -100 to 1000 with at most 4 decimals, as a payer's markup_percent (the invoice tables hold DECIMAL(9, 4)):
     * a larger one is a typo that would fail the run part-way, not a price.
     */
    private BigDecimal percentInRange(Entry entry, BigDecimal percent) {
        if (percent == null) {
            return null;
        }
        if (percent.compareTo(MINUS_100) < 0) {
            fieldProblem(entry, "percent", "invalid value '" + percent.toPlainString() + "' (a discount cannot exceed -100)");
            return null;
        }
        if (percent.compareTo(MAX_PERCENT) > 0 || percent.stripTrailingZeros().scale() > 4) {
            fieldProblem(entry, "percent", "invalid value '" + percent.toPlainString() + "' (expected -100 to "
                    + MAX_PERCENT + " with at most 4 decimals)");
            return null;
        }
        return percent;
    }

    private BigDecimal decimal(Entry entry, String field, boolean required) {
        String value = optionalText(entry, field, field);
        if (value == null) {
            if (required) {
                fieldProblem(entry, field, "missing");
            }
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            fieldProblem(entry, field, "invalid value '" + value + "' (expected a decimal number such as 5.0 or -3.5)");
            return null;
        }
    }

    private BigDecimal nonZero(Entry entry, String field, BigDecimal value) {
        if (value != null && value.signum() == 0) {
            fieldProblem(entry, field, "invalid value '" + value.toPlainString() + "' (must not be zero)");
            return null;
        }
        return value;
    }

    private String currency(Entry entry) {
        String value = optionalText(entry, "currency", "currency");
        if (value == null) {
            return null;
        }
        try {
            java.util.Currency currency = java.util.Currency.getInstance(value);
            if (currency.getDefaultFractionDigits() >= 0 && currency.getCurrencyCode().equals(value)) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        fieldProblem(entry, "currency", "invalid value '" + value + "' (expected an ISO 4217 currency code such as EUR)");
        return null;
    }

    private Recurrence recurrence(Entry entry) {
        String value = requiredText(entry, "recurrence");
        if (value == null) {
            return null;
        }
        for (Recurrence recurrence : Recurrence.values()) {
            if (recurrence.code().equals(value)) {
                return recurrence;
            }
        }
        fieldProblem(entry, "recurrence", "invalid value '" + value + "' (expected one-time or recurring)");
        return null;
    }

    private BillingPeriod period(Entry entry, String field) {
        String value = optionalText(entry, field, field);
        if (value == null) {
            return null;
        }
        try {
            return BillingPeriod.parse(value);
        } catch (IllegalArgumentException e) {
            fieldProblem(entry, field, "invalid value '" + value + "' (expected YYYY-MM, e.g. 2026-10)");
            return null;
        }
    }

    private Fields fields(MappingNode mapping, List<String> allowed) {
        Map<String, Node> known = new LinkedHashMap<>();
        List<Node> unknown = new ArrayList<>();
        List<Node> duplicates = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode) || !allowed.contains(text(key))) {
                unknown.add(key);
            } else if (known.putIfAbsent(text(key), tuple.getValueNode()) != null) {
                duplicates.add(key);
            }
        }
        return new Fields(known, unknown, duplicates);
    }

    /** Reports a problem with a field, at the field's line if present, else at the entry's. */
    private void fieldProblem(Entry entry, String field, String detail) {
        Node at = entry.fields().get(field.substring(field.indexOf('.') + 1));
        problem(at == null ? entry.node() : at, entry.what(), "field '" + field + "': " + detail);
    }

    private void problem(Node node, String what, String detail) {
        problems.add(source + " line " + line(node) + ": " + what + ", " + detail);
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    private static boolean isNull(Node node) {
        return Tag.NULL.equals(node.getTag());
    }

    private static String text(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : String.valueOf(node.getNodeId());
    }

    private record Fields(Map<String, Node> known, List<Node> unknown, List<Node> duplicates) {
        Node get(String key) {
            return known.get(key);
        }
    }

    /** One list entry being read: its fields, how messages name it, and how many problems existed before it. */
    private record Entry(Fields fields, String what, String id, Node node, int problemsBefore) {
        boolean has(String field) {
            Node value = fields.get(field);
            return value != null && !isNull(value);
        }
    }
}

package com.billingengine.pricing;

import com.billingengine.period.BillingPeriod;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Markups, discounts and custom line items from {@code jobs/pricing-rules.yml}.
 *
 * <pre>
 * rules:
 *   - id: acme-default          # unique across the file; letters, digits, '.', '_', '-'
 *     percent: 8.5              # markup; a discount is negative (-3.5); at least -100
 *     scope:                    # optional; no scope = every line
 *       customer: C-1001        # at most one of customer / payer / account (12 digits)
 *       service: Amazon Elastic Compute Cloud - Compute
 *       chargeType: usage       # a ChargeType code
 * customLineItems:
 *   - id: acme-management-fee
 *     customer: C-1001
 *     description: Managed service fee
 *     amount: 250.00            # in the invoice currency; negative = credit. Or instead:
 *     # currency: EUR           # the invoice it goes on; needed when the customer has payers in two currencies
 *     # percent: 3              # percent of the billed spend the scope (payer, account, service, chargeType) matches
 *     recurrence: recurring     # with optional from / until (YYYY-MM); or one-time with period: YYYY-MM
 *     from: 2026-01
 * </pre>
 *
 * <h2>Which rule prices a line</h2>
 * Of the rules whose scope matches the line, the most specific one wins. Specificity ranks first by the owner
 * field — {@code account} (a linked account) over {@code payer} over {@code customer} over none — and, within the
 * same owner level, a rule naming both service and charge type over one naming only the service, over one naming
 * only the charge type, over one naming neither. As a ladder, highest first:
 * <ol>
 *   <li>account + service + chargeType</li><li>account + service</li><li>account + chargeType</li><li>account</li>
 *   <li>payer + service + chargeType</li><li>payer + service</li><li>payer + chargeType</li><li>payer</li>
 *   <li>customer + service + chargeType</li><li>customer + service</li><li>customer + chargeType</li><li>customer</li>
 *   <li>service + chargeType</li><li>service</li><li>chargeType</li><li>no scope (global)</li>
 * </ol>
 * So an account's rule beats its customer's service rule: the narrowest set of accounts decides first.
 * When no rule matches, the payer's markup from the payer registry applies, reported as rule id
 * {@value AppliedRule#REGISTRY}.
 *
 * <p><b>Ties cannot happen.</b> Two rules of equal specificity name the same fields; if both match one line, each
 * field has the line's value, so their scopes are identical — and two rules with an identical scope are refused
 * at load time. Naming two owner fields in one scope (e.g. customer and account) is refused too, as redundant.
 *
 * <p>Charge types handled as pass-through or drop (see {@link ChargePolicy}) are not priced by rules at all.
 */
public final class PricingRules {

    private static final PricingRules EMPTY = new PricingRules("no pricing rules", List.of(), List.of());

    private final String source;
    private final List<PricingRule> rulesMostSpecificFirst;
    private final List<CustomLineItem> customItems;

    PricingRules(String source, List<PricingRule> rules, List<CustomLineItem> customItems) {
        this.source = source;
        this.rulesMostSpecificFirst = rules.stream()
                .sorted(Comparator.comparingInt((PricingRule rule) -> rule.scope().specificity()).reversed())
                .toList();
        this.customItems = customItems.stream().sorted(Comparator.comparing(CustomLineItem::id)).toList();
    }

    public static PricingRules empty() {
        return EMPTY;
    }

    /** Loads and validates the file; any problem is a {@link PricingRulesException} listing all problems found. */
    public static PricingRules load(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PricingRulesException(file.toString(), List.of(file + ": cannot read pricing rules: " + e.getMessage()));
        }
        return parse(file.toString(), yaml);
    }

    /** Parses YAML text; {@code source} names the file in error messages. */
    public static PricingRules parse(String source, String yaml) {
        return new PricingRulesParser(source).parse(yaml);
    }

    /**
     * The rule that prices this line: the most specific matching rule, else the payer's registry markup.
     *
     * @param registryPercent the payer's markup percent from the payer registry
     */
    public AppliedRule priceFor(LineKey line, BigDecimal registryPercent) {
        return matchingRule(line).orElseGet(() -> new AppliedRule(AppliedRule.REGISTRY, registryPercent));
    }

    /** The most specific matching rule, or empty when the registry markup applies. */
    Optional<AppliedRule> matchingRule(LineKey line) {
        return rulesMostSpecificFirst.stream()
                .filter(rule -> rule.scope().matches(line))
                .findFirst()
                .map(rule -> new AppliedRule(rule.id(), rule.percent()));
    }

    /** The customer's custom line items that apply in this period, ordered by id. */
    public List<CustomLineItem> customItemsFor(String customerId, BillingPeriod period) {
        return customItems.stream()
                .filter(item -> item.customerId().equals(customerId) && item.appliesTo(period))
                .toList();
    }

    /** The custom line items on the customer's invoice in this currency for the period, ordered by id. */
    public List<CustomLineItem> customItemsFor(String customerId, BillingPeriod period, String currency) {
        return customItemsFor(customerId, period).stream().filter(item -> item.appliesToInvoiceIn(currency)).toList();
    }

    /**
     * Refuses custom line items whose invoice is ambiguous or missing in this period: a fixed amount without a
     * currency for a customer billed in two or more currencies, or one naming a currency the customer is not billed
     * in (the fee or credit would otherwise be billed twice or not at all).
     *
     * @param currenciesByCustomer the currencies each customer of the run is invoiced in
     * @throws PricingRulesException naming the file, line, item and the customer's currencies
     */
    public void checkInvoiceCurrencies(BillingPeriod period, Map<String, ? extends Collection<String>> currenciesByCustomer) {
        List<String> problems = new ArrayList<>();
        for (CustomLineItem item : customItems) {
            Collection<String> currencies = currenciesByCustomer.get(item.customerId());
            if (item.isPercentOfSpend() || !item.appliesTo(period) || currencies == null || currencies.isEmpty()) {
                continue;
            }
            String where = source + " line " + item.line() + ": custom line item '" + item.id() + "', field 'currency': ";
            if (item.currency() == null && currencies.size() > 1) {
                problems.add(where + "missing: customer " + item.customerId() + " is billed in " + String.join(" and ",
                        new TreeSet<>(currencies)) + " in " + period + "; name the invoice the amount "
                        + item.amount().toPlainString() + " goes on (currency: " + new TreeSet<>(currencies).first() + ")");
            } else if (item.currency() != null && !currencies.contains(item.currency())) {
                problems.add(where + item.currency() + " but customer " + item.customerId() + " is billed only in "
                        + String.join(" and ", new TreeSet<>(currencies)) + " in " + period
                        + "; the amount would be billed on no invoice");
            }
        }
        if (!problems.isEmpty()) {
            throw new PricingRulesException(source, problems);
        }
    }

    /**
     * The rules and custom line items in force in the period, and nothing else: what prices the period. Its
     * {@link #canonicalYaml()} is what a revision records.
     */
    public PricingRules inForce(BillingPeriod period) {
        return new PricingRules(source, rulesMostSpecificFirst.stream().filter(rule -> rule.inForce(period)).toList(),
                customItems.stream().filter(item -> item.appliesTo(period)).toList());
    }

    /**
     * These rules as YAML that {@link #parse} reads back to the same pricing, in a canonical form: ordered by id,
     * without comments, lines or periods (the rules of one period, see {@link #inForce}), so equal terms give equal
     * text and an equal SHA-256 whatever the file's layout.
     */
    public String canonicalYaml() {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("rules", rulesById().stream().map(PricingRules::definition).toList());
        top.put("customLineItems", customItems.stream().map(PricingRules::definition).toList());
        return yaml().dump(top);
    }

    /** Each rule's and custom line item's canonical definition by id (ids are unique across both). */
    public Map<String, String> definitions() {
        Map<String, String> definitions = new TreeMap<>();
        rulesById().forEach(rule -> definitions.put(rule.id(), yaml().dump(definition(rule)).trim()));
        customItems.forEach(item -> definitions.put(item.id(), yaml().dump(definition(item)).trim()));
        return definitions;
    }

    /**
     * Refuses rules and custom line items that name a customer or payer the registry does not know: a typo would
     * otherwise drop a markup or a fee without a word.
     *
     * @throws PricingRulesException naming the file, line, id and field of each
     */
    public void checkReferences(Collection<String> customerIds, Collection<String> payerAccountIds) {
        List<String> problems = new ArrayList<>();
        for (PricingRule rule : rulesById()) {
            String what = source + " line " + rule.line() + ": rule '" + rule.id() + "', field ";
            unknown(problems, what + "'scope.customer'", rule.scope().customer(), "customer", customerIds);
            unknown(problems, what + "'scope.payer'", rule.scope().payer(), "payer", payerAccountIds);
        }
        for (CustomLineItem item : customItems) {
            String what = source + " line " + item.line() + ": custom line item '" + item.id() + "', field ";
            unknown(problems, what + "'customer'", item.customerId(), "customer", customerIds);
            unknown(problems, what + "'scope.payer'", item.scope() == null ? null : item.scope().payer(), "payer",
                    payerAccountIds);
        }
        if (!problems.isEmpty()) {
            throw new PricingRulesException(source, problems);
        }
    }

    /**
     * What in these rules bills nothing in a run: a rule or item naming a customer or payer the run does not bill, or
     * an account rule matching no account the run listed. Not an error (a payer may leave, an account may close), but
     * worth a line in the summary.
     */
    public List<String> unused(BillingPeriod period, Collection<String> customerIds, Collection<String> payerAccountIds,
            Collection<String> accountIds) {
        List<String> notes = new ArrayList<>();
        for (PricingRule rule : rulesById()) {
            Scope scope = rule.scope();
            unused(notes, "rule '" + rule.id() + "'", "customer", scope.customer(), customerIds, period);
            unused(notes, "rule '" + rule.id() + "'", "payer", scope.payer(), payerAccountIds, period);
            if (scope.account() != null && !accountIds.contains(scope.account())) {
                notes.add("rule '" + rule.id() + "' names account " + scope.account() + ", which no payer billed in "
                        + period + " lists");
            }
        }
        for (CustomLineItem item : customItems) {
            unused(notes, "custom line item '" + item.id() + "'", "customer", item.customerId(), customerIds, period);
        }
        return notes;
    }

    private static void unused(List<String> notes, String what, String kind, String id, Collection<String> billed,
            BillingPeriod period) {
        if (id != null && !billed.contains(id)) {
            notes.add(what + " names " + kind + " " + id + ", not billed in " + period);
        }
    }

    private static void unknown(List<String> problems, String where, String id, String kind, Collection<String> known) {
        if (id != null && !known.contains(id)) {
            problems.add(where + ": " + kind + " " + id + " is not in the payer registry (" + kind + "s: "
                    + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known))) + ")");
        }
    }

    /** SHA-256 (hex) of the canonical YAML: the rule set's identity in status, the report and the manifest. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<PricingRule> rulesById() {
        return rulesMostSpecificFirst.stream().sorted(Comparator.comparing(PricingRule::id)).toList();
    }

    private static Map<String, Object> definition(PricingRule rule) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", rule.id());
        map.put("percent", rule.percent().toPlainString());
        putScope(map, rule.scope());
        return map;
    }

    private static Map<String, Object> definition(CustomLineItem item) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", item.id());
        map.put("customer", item.customerId());
        map.put("description", item.description());
        if (item.amount() != null) {
            map.put("amount", item.amount().toPlainString());
        }
        if (item.percent() != null) {
            map.put("percent", item.percent().toPlainString());
        }
        if (item.currency() != null) {
            map.put("currency", item.currency());
        }
        putScope(map, item.scope());
        // a one-time item keeps its period (it says how often the line recurs); a recurring one applies wherever
        // the recorded rules are read, always for the period they were recorded for
        map.put("recurrence", item.recurrence().code());
        if (item.recurrence() == CustomLineItem.Recurrence.ONE_TIME) {
            map.put("period", item.from().toString());
        }
        return map;
    }

    private static void putScope(Map<String, Object> map, Scope scope) {
        if (scope == null || scope.equals(Scope.GLOBAL)) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        putIfSet(fields, "customer", scope.customer());
        putIfSet(fields, "payer", scope.payer());
        putIfSet(fields, "account", scope.account());
        putIfSet(fields, "service", scope.service());
        putIfSet(fields, "chargeType", scope.chargeType() == null ? null : scope.chargeType().code());
        map.put("scope", fields);
    }

    private static void putIfSet(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setDefaultScalarStyle(DumperOptions.ScalarStyle.DOUBLE_QUOTED);
        options.setLineBreak(DumperOptions.LineBreak.UNIX);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options);
    }

    /** Where the rules came from, for messages. */
    public String source() {
        return source;
    }

    /**
     * A markup or discount rule as loaded, in force from {@code from} to {@code until} inclusive (null: open);
     * {@code line} is where it starts in the file (for messages).
     */
    record PricingRule(String id, BigDecimal percent, Scope scope, BillingPeriod from, BillingPeriod until, int line) {

        boolean inForce(BillingPeriod period) {
            return (from == null || period.compareTo(from) >= 0) && (until == null || period.compareTo(until) <= 0);
        }

        boolean overlaps(PricingRule other) {
            return (until == null || other.from == null || other.from.compareTo(until) <= 0)
                    && (other.until == null || from == null || from.compareTo(other.until) <= 0);
        }

        String periods() {
            return from == null && until == null ? "every period" : from == null ? "until " + until
                    : until == null ? "from " + from : from + " to " + until;
        }
    }
}

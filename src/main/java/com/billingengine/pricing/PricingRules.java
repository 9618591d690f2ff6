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
import java.util.Optional;
import java.util.TreeSet;

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

    /** Where the rules came from, for messages. */
    public String source() {
        return source;
    }

    /** A markup or discount rule as loaded; {@code line} is where it starts in the file (for messages). */
    record PricingRule(String id, BigDecimal percent, Scope scope, int line) {
    }
}

package com.billingengine.pricing;

import com.billingengine.period.BillingPeriod;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

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

    private static final PricingRules EMPTY = new PricingRules(List.of(), List.of());

    private final List<PricingRule> rulesMostSpecificFirst;
    private final List<CustomLineItem> customItems;

    PricingRules(List<PricingRule> rules, List<CustomLineItem> customItems) {
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

    /** A markup or discount rule as loaded; {@code line} is where it starts in the file (for messages). */
    record PricingRule(String id, BigDecimal percent, Scope scope, int line) {
    }
}

package com.billingengine.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The terms that price a period: the pricing rules and custom line items in force (by id, canonical definitions,
 * with the set's SHA-256), each charge type's handling, the exchange rates, and each billed payer's registry terms.
 * Either as a revision recorded them or as they stand now for its period; a rerun compares the two.
 *
 * @param rulesSha256 null (and {@code rules}, {@code charges} null) for a revision priced before terms were recorded
 */
public record PeriodTerms(String rulesSha256, Map<String, String> rules, Map<String, String> charges,
        Map<String, BigDecimal> rates, Map<String, PayerTerm> payers) {

    /**
     * A billed payer's terms: who is invoiced, in which currency, at which registry markup, with which payment terms
     * (days to the due date; they date the invoice, so a changed term is a changed bill), from which version.
     */
    public record PayerTerm(String payerAccountId, String customerId, String customerName, String currency,
            BigDecimal markupPercent, int registryVersion, int paymentTermsDays) {

        boolean sameTerms(PayerTerm other) {
            return customerId.equals(other.customerId) && customerName.equals(other.customerName)
                    && currency.equals(other.currency) && markupPercent.compareTo(other.markupPercent) == 0
                    && paymentTermsDays == other.paymentTermsDays;
        }

        boolean sameInvoice(PayerTerm other) {
            return other != null && customerId.equals(other.customerId) && currency.equals(other.currency);
        }

        String describe() {
            return customerId + " (" + customerName + "), " + currency + ", markup " + markupPercent.toPlainString() + "%"
                    + ", payment terms " + paymentTermsDays + " days";
        }
    }

    public boolean rulesKnown() {
        return rulesSha256 != null;
    }

    /** The rule set's short identity for people: the first 12 hex digits of its SHA-256. */
    public String rulesId() {
        return rulesSha256 == null ? "not recorded" : rulesSha256.substring(0, 12);
    }

    /**
     * Every term that differs between {@code base} (what priced revision {@code baseName}) and these: one line each,
     * naming the rule, charge type, currency or payer. Empty when a rerun would price exactly as the base did.
     */
    public List<String> differencesFrom(PeriodTerms base, String baseName) {
        List<String> differences = new ArrayList<>();
        if (base.rulesKnown() && rulesKnown()) {
            for (String id : union(base.rules, rules)) {
                String before = base.rules.get(id);
                String now = rules.get(id);
                if (before == null) {
                    differences.add("rule '" + id + "' is in force now but did not price " + baseName + ": " + oneLine(now));
                } else if (now == null) {
                    differences.add("rule '" + id + "' priced " + baseName + " but is no longer in force: " + oneLine(before));
                } else if (!before.equals(now)) {
                    differences.add("rule '" + id + "' changed: " + oneLine(before) + " → " + oneLine(now));
                }
            }
            for (String type : union(base.charges, charges)) {
                if (!Objects.equals(base.charges.get(type), charges.get(type))) {
                    differences.add("charges." + type + ": " + base.charges.get(type) + " → " + charges.get(type));
                }
            }
        }
        for (String currency : union(base.rates, rates)) {
            BigDecimal before = base.rates.get(currency);
            BigDecimal now = rates.get(currency);
            if (before == null || now == null || before.compareTo(now) != 0) {
                differences.add("exchange rate " + currency + ": " + plain(before) + " → " + plain(now));
            }
        }
        for (String payer : union(base.payers, payers)) {
            PayerTerm before = base.payers.get(payer);
            PayerTerm now = payers.get(payer);
            if (before == null) {
                differences.add("payer " + payer + " is billable now (" + now.describe() + ", registry version "
                        + now.registryVersion() + ") but " + baseName + " did not bill it");
            } else if (now == null) {
                differences.add("payer " + payer + " (" + before.describe() + ") was billed in " + baseName
                        + " but is not billable in the period now");
            } else if (!before.sameTerms(now)) {
                differences.add("payer " + payer + ": " + before.describe() + " → " + now.describe()
                        + " (registry version " + before.registryVersion() + " → " + now.registryVersion() + ")");
            }
        }
        return differences;
    }

    /**
     * Whether anything that priced this line differs between {@code base} (the revision of {@code before}) and these
     * terms (the revision of {@code now}); one side may be null, a line that is new or vanished. A line whose own
     * terms are equal changed because of AWS data.
     */
    public boolean pricesDifferently(PeriodTerms base, InvoiceLine before, InvoiceLine now) {
        if (before != null && now != null) {
            return !before.pricingRule().equals(now.pricingRule())
                    || before.markupPercent().compareTo(now.markupPercent()) != 0
                    || before.exchangeRate().compareTo(now.exchangeRate()) != 0
                    || definitionChanged(base, before.pricingRule());
        }
        InvoiceLine line = before != null ? before : now;
        PeriodTerms otherSide = before != null ? this : base;
        PeriodTerms ownSide = before != null ? base : this;
        if (line.payerAccountId().isEmpty()) { // a custom line item: there or not by the rules alone
            return definitionChanged(base, line.pricingRule());
        }
        PayerTerm own = ownSide.payers.get(line.payerAccountId());
        if (own == null || !own.sameInvoice(otherSide.payers.get(line.payerAccountId()))) {
            return true; // the payer joined, left or moved to another invoice
        }
        return base.rulesKnown() && rulesKnown()
                && !Objects.equals(base.charges.get(line.chargeType()), charges.get(line.chargeType()));
    }

    /** Whether the rule or item of this id is defined differently (or only on one side); unknown terms: no. */
    private boolean definitionChanged(PeriodTerms base, String ruleId) {
        if (!base.rulesKnown() || !rulesKnown() || ruleId.equals(AppliedRule.REGISTRY)
                || ruleId.equals(AppliedRule.PASS_THROUGH)) {
            return false;
        }
        return !Objects.equals(base.rules.get(ruleId), rules.get(ruleId));
    }

    private static TreeSet<String> union(Map<String, ?> a, Map<String, ?> b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    private static String oneLine(String definition) {
        return "{" + definition.replace("\"", "").replaceAll("\\n\\s*", ", ").replace(":, ", ": ") + "}";
    }

    private static String plain(BigDecimal value) {
        return value == null ? "none" : value.toPlainString();
    }
}

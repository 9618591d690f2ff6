package com.billingengine.pricing;

import com.billingengine.period.BillingPeriod;

import java.math.BigDecimal;
import java.util.Map;

/**
 * An extra invoice line from {@code jobs/pricing-rules.yml}: either a fixed {@code amount} in the customer's invoice
 * currency (a fee when positive, a credit when negative) or a {@code percent} of the customer's billed amounts
 * (after markup, in the invoice currency, dropped charges excluded) of the lines its {@code scope} matches.
 * It applies in one period ({@code one-time}: {@code from == until}) or every period from {@code from} to
 * {@code until} inclusive ({@code recurring}; null means open-ended).
 */
public record CustomLineItem(String id, String customerId, String description, BigDecimal amount, BigDecimal percent,
                             Scope scope, Recurrence recurrence, BillingPeriod from, BillingPeriod until) {

    public enum Recurrence {
        ONE_TIME("one-time"), RECURRING("recurring");

        private final String code;

        Recurrence(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public boolean appliesTo(BillingPeriod period) {
        return (from == null || period.compareTo(from) >= 0) && (until == null || period.compareTo(until) <= 0);
    }

    public boolean isPercentOfSpend() {
        return percent != null;
    }

    /**
     * The exact (unrounded) amount in the invoice currency.
     *
     * @param billed the customer's billed exact amounts per line, in the invoice currency; only read for percent items
     */
    public BigDecimal exactAmount(Map<LineKey, BigDecimal> billed) {
        if (!isPercentOfSpend()) {
            return amount;
        }
        BigDecimal base = billed.entrySet().stream().filter(line -> scope.matches(line.getKey()))
                .map(Map.Entry::getValue).reduce(BigDecimal.ZERO, BigDecimal::add);
        return Money.percentOf(base, percent);
    }
}

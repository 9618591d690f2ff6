package com.billingengine.pricing;

import com.billingengine.period.BillingPeriod;

import java.math.BigDecimal;
import java.util.Map;

/**
 * An extra invoice line from {@code jobs/pricing-rules.yml}: either a fixed {@code amount} in the customer's invoice
 * currency (a fee when positive, a credit when negative) or a {@code percent} of the customer's billed amounts
 * (after markup, in the invoice currency, dropped charges excluded) of the lines its {@code scope} matches.
 * A customer with payers in two currencies gets one invoice per currency: a percent item takes its share of each, a
 * fixed amount goes on the invoice in its {@code currency} (null: the customer's only invoice currency; a run where
 * that is ambiguous, or where the customer has no invoice in the named currency, is refused before billing).
 * It applies in one period ({@code one-time}: {@code from == until}) or every period from {@code from} to
 * {@code until} inclusive ({@code recurring}; null means open-ended).
 */
public record CustomLineItem(String id, String customerId, String description, BigDecimal amount, BigDecimal percent,
                             String currency, Scope scope, Recurrence recurrence, BillingPeriod from,
                             BillingPeriod until, int line) {

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

    /** Whether the item goes on the customer's invoice in this currency (see the class comment for a null currency). */
    public boolean appliesToInvoiceIn(String invoiceCurrency) {
        return isPercentOfSpend() || currency == null || currency.equals(invoiceCurrency);
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

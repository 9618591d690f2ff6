package com.billingengine.payers;

import java.math.BigDecimal;
import java.time.Instant;

import com.billingengine.period.BillingPeriod;

/**
 * One version of a payer's billing terms, in force from {@code from} (null: since registration) until the period of
 * the payer's next version. Versions are numbered in the order they were recorded and never change.
 */
public record PayerVersion(String payerAccountId, int version, BillingPeriod from, String customerId,
        String customerName, String currency, BigDecimal markupPercent, PayerStatus status, String reason,
        String recordedBy, Instant recordedAt, Integer paymentTermsDays) {

    /** As recorded before payment terms were a registry term: the job's default applies. */
    public PayerVersion(String payerAccountId, int version, BillingPeriod from, String customerId, String customerName,
            String currency, BigDecimal markupPercent, PayerStatus status, String reason, String recordedBy,
            Instant recordedAt) {
        this(payerAccountId, version, from, customerId, customerName, currency, markupPercent, status, reason,
                recordedBy, recordedAt, null);
    }

    /** How the first version's open start is stored in payer_version.from_period. */
    static final String SINCE_REGISTRATION = "0000-00";

    public boolean inForceFrom(BillingPeriod period) {
        return from == null || from.compareTo(period) <= 0;
    }

    /** "since registration" or "from 2026-11", for people. */
    public String fromText() {
        return from == null ? "since registration" : "from " + from;
    }

    String fromColumn() {
        return from == null ? SINCE_REGISTRATION : from.toString();
    }

    /** The same terms from another period, as another (not yet numbered) version. */
    PayerVersion with(BillingPeriod newFrom, String newCustomerId, String newCustomerName, String newCurrency,
            BigDecimal newMarkup, PayerStatus newStatus, String newReason, Integer newPaymentTermsDays) {
        return new PayerVersion(payerAccountId, 0, newFrom, newCustomerId, newCustomerName, newCurrency, newMarkup,
                newStatus, newReason, null, null, newPaymentTermsDays);
    }

    /** "30 days", or "default" when the job's billing.export.payment-terms-days applies. */
    public String paymentTermsText() {
        return paymentTermsDays == null ? "default" : paymentTermsDays + " days";
    }

    /**
     * Whether these terms bill as {@code other}'s do: customer, currency, markup, status and payment terms (not who or
     * when).
     */
    public boolean sameTerms(PayerVersion other) {
        return customerId.equals(other.customerId) && customerName.equals(other.customerName)
                && currency.equals(other.currency) && markupPercent.compareTo(other.markupPercent) == 0
                && status == other.status && java.util.Objects.equals(paymentTermsDays, other.paymentTermsDays);
    }
}

package com.billingengine.payers;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An onboarded customer management (payer) account with the terms in force for one period, as the registry holds
 * it: {@code status} is PENDING until the payer is validated, then its version's lifecycle status;
 * {@code registryVersion} is that version's number (0 for a payer not yet stored); {@code paymentTermsDays} the days
 * from an invoice's issue date to its due date (null: the job's default, billing.export.payment-terms-days).
 */
public record PayerAccount(
        String payerAccountId,
        String customerId,
        String customerName,
        String currency,
        String roleArn,
        PayerStatus status,
        BigDecimal markupPercent,
        Instant validatedAt,
        int registryVersion,
        Integer paymentTermsDays) {

    public static final String BILLING_ROLE = "SWOOpenIDCAssumeBillingOnlyRole";

    public PayerAccount(String payerAccountId, String customerId, String customerName, String currency, String roleArn,
            PayerStatus status, BigDecimal markupPercent, Instant validatedAt) {
        this(payerAccountId, customerId, customerName, currency, roleArn, status, markupPercent, validatedAt, 0, null);
    }

    /** The payment terms of the invoice: the registry's days, else {@code defaultDays} (the job's setting). */
    public int paymentTermsDays(int defaultDays) {
        return paymentTermsDays == null ? defaultDays : paymentTermsDays;
    }

    public static String defaultRoleArn(String payerAccountId) {
        return "arn:aws:iam::" + payerAccountId + ":role/" + BILLING_ROLE;
    }

    /** Whether the two describe the same payer with the same terms (what `payers import` may take again unchanged). */
    public boolean sameEntry(PayerAccount other) {
        return payerAccountId.equals(other.payerAccountId) && customerId.equals(other.customerId)
                && customerName.equals(other.customerName) && currency.equals(other.currency)
                && roleArn.equals(other.roleArn) && status == other.status
                && markupPercent.compareTo(other.markupPercent) == 0;
    }
}

package com.billingengine.payers;

import java.math.BigDecimal;
import java.time.Instant;

/** An onboarded customer management (payer) account, as the registry holds it. */
public record PayerAccount(
        String payerAccountId,
        String customerId,
        String customerName,
        String currency,
        String roleArn,
        PayerStatus status,
        BigDecimal markupPercent,
        Instant validatedAt) {

    public static final String BILLING_ROLE = "SWOOpenIDCAssumeBillingOnlyRole";

    public static String defaultRoleArn(String payerAccountId) {
        return "arn:aws:iam::" + payerAccountId + ":role/" + BILLING_ROLE;
    }

}

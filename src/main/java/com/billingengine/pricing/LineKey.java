package com.billingengine.pricing;

/**
 * What an invoice line is about: who owns the cost (customer, payer, linked account), for which AWS service,
 * and what kind of charge. Pricing rules and custom line item scopes match on these fields.
 */
public record LineKey(String customerId, String payerAccountId, String accountId, String service, ChargeType chargeType) {
}

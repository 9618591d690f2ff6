package com.billingengine.pricing;

import java.math.BigDecimal;

/**
 * One line of a customer's invoice: a linked account × service × charge type (or a custom line item), with what
 * AWS charged (USD), the exact price and the amount invoiced, rounded to the currency's minor unit.
 */
public record InvoiceLine(String lineId, String customerId, String customerName, String currency,
        String payerAccountId, String accountId, String accountName, String service, String chargeType,
        BigDecimal awsCost, BigDecimal exactAmount, BigDecimal amount, String pricingRule, BigDecimal markupPercent,
        BigDecimal exchangeRate) {
}

package com.billingengine.pricing;

import java.math.BigDecimal;

/**
 * One priced line of an invoice.
 *
 * @param lineId      stable and unique within the invoice: {@code payer/account/chargeType/service} for AWS charges,
 *                    {@code custom/<item id>} for custom line items; also the rounding tie key
 * @param key         what the line is about; a custom item has only the customer, and charge type
 *                    {@link ChargeType#FEE} (or {@link ChargeType#CREDIT} when its amount is negative)
 * @param description the custom item's description; null for AWS charges
 * @param awsCost     what AWS charged, USD, summed over the cost lines with this key; zero for custom items
 * @param ruleId      the pricing rule, {@value AppliedRule#REGISTRY}, {@value AppliedRule#PASS_THROUGH} or the custom item id
 * @param percent     the markup (negative: discount) or the custom item's percent of spend; null for a fixed amount
 * @param exactAmount the invoiced amount in the invoice currency before rounding
 * @param amount      the invoiced amount rounded by {@link InvoiceRounding}
 */
public record PricedLine(String lineId, LineKey key, String description, BigDecimal awsCost, String ruleId,
                          BigDecimal percent, BigDecimal exactAmount, BigDecimal amount) {
}

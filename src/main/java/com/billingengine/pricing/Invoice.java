package com.billingengine.pricing;

import com.billingengine.period.BillingPeriod;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

/**
 * A customer's invoice for one period: lines ordered by line id, their rounded amounts adding up to {@code total}.
 *
 * @param rate          units of {@code currency} per 1 USD used for every line
 * @param droppedAwsCost USD of the cost lines left off because their charge type is handled as drop; with the lines'
 *                      {@code awsCost} it adds up to the cost lines the invoice came from (for reconciliation)
 */
public record Invoice(String customerId, BillingPeriod period, Currency currency, BigDecimal rate,
                      List<PricedLine> lines, BigDecimal total, BigDecimal droppedAwsCost) {

    /** USD that AWS charged for the invoiced lines (custom items add nothing). */
    public BigDecimal awsCost() {
        return lines.stream().map(PricedLine::awsCost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}

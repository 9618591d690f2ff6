package com.billingengine.report;

import java.math.BigDecimal;
import java.math.MathContext;

/** An invoice line as the report needs it; {@link #usd()} is the billed amount back in USD at the line's rate. */
record ReportLine(String customerId, String customerName, String currency, String accountId, String accountName,
        String service, String chargeType, String pricingRule, BigDecimal awsCost, BigDecimal amount,
        BigDecimal exchangeRate) {

    BigDecimal usd() {
        return exchangeRate.signum() == 0 ? BigDecimal.ZERO : amount.divide(exchangeRate, MathContext.DECIMAL64);
    }
}

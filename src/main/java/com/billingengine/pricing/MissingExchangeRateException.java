package com.billingengine.pricing;

import com.billingengine.period.BillingPeriod;

/** No rate for a currency in a period: the job must stop before anything is exported. */
public class MissingExchangeRateException extends RuntimeException {

    private final String currency;
    private final BillingPeriod period;

    public MissingExchangeRateException(String currency, BillingPeriod period, String source) {
        super("no exchange rate for " + currency + " in " + period + " in " + source
                + ": add a line '" + period + "," + currency + ",<units of " + currency + " per 1 USD>'");
        this.currency = currency;
        this.period = period;
    }

    public String currency() {
        return currency;
    }

    public BillingPeriod period() {
        return period;
    }
}

package com.billingengine.pricing;

import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.billingengine.payers.PayerRegistry;
import com.billingengine.period.BillingPeriod;

/**
 * Before a run starts: every fixed custom line item of the period must go on exactly one invoice of the customers
 * the registry bills (see {@link PricingRules#checkInvoiceCurrencies}); otherwise the run is refused as bad input,
 * before anything is written. The invoiceLines step checks again against the run's own payer set.
 */
public class CustomItemInvoices {

    private final PricingRules rules;
    private final PayerRegistry registry;

    CustomItemInvoices(PricingRules rules, PayerRegistry registry) {
        this.rules = rules;
        this.registry = registry;
    }

    /** @throws PricingRulesException naming the file, line and item whose invoice is ambiguous or missing */
    public void check(BillingPeriod period) {
        TreeMap<String, Set<String>> currencies = new TreeMap<>();
        registry.findActive().forEach(p -> currencies.computeIfAbsent(p.customerId(), c -> new TreeSet<>())
                .add(p.currency()));
        rules.checkInvoiceCurrencies(period, currencies);
    }
}

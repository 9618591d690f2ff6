package com.billingengine.pricing;

import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.billingengine.payers.PayerRegistry;
import com.billingengine.period.BillingPeriod;

/**
 * Before a run starts, the pricing rules against the registry: a rule or custom line item naming a customer or payer
 * the registry does not know is refused (a typo would drop a fee without a word), and every fixed custom line item of
 * the period must go on exactly one invoice of the customers billable in it (see
 * {@link PricingRules#checkInvoiceCurrencies}). Refused as bad input, before anything is written; the invoiceLines
 * step checks the currencies again against the run's own payer set.
 */
public class RulesBeforeRun {

    private final PricingRules rules;
    private final PayerRegistry registry;

    RulesBeforeRun(PricingRules rules, PayerRegistry registry) {
        this.rules = rules;
        this.registry = registry;
    }

    /**
     * @param period the period about to be billed, or null (a restart: only the references are checked)
     * @throws PricingRulesException naming the file, line and rule or item
     */
    public void check(BillingPeriod period) {
        PayerRegistry.Known known = registry.known();
        rules.checkReferences(known.customerIds(), known.payerAccountIds());
        if (period == null) {
            return;
        }
        TreeMap<String, Set<String>> currencies = new TreeMap<>();
        registry.billableIn(period).forEach(p -> currencies.computeIfAbsent(p.customerId(), c -> new TreeSet<>())
                .add(p.currency()));
        rules.checkInvoiceCurrencies(period, currencies);
    }
}

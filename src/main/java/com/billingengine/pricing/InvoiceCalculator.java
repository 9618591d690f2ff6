package com.billingengine.pricing;

import com.billingengine.period.BillingPeriod;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prices one customer's cost lines for a period into an {@link Invoice}:
 * <ol>
 *   <li>cost lines with the same {@link LineKey} are summed into one line;</li>
 *   <li>each charge type is handled as the {@link ChargePolicy} says: dropped, passed through at AWS cost, or billed
 *       with the {@link PricingRules} rule (or the payer's registry markup);</li>
 *   <li>exact amount = AWS cost × (100 + percent) / 100 × the period's exchange rate;</li>
 *   <li>the customer's custom line items for the period and this invoice's currency are added (a percent item
 *       takes its share of the billed exact amounts its scope matches);</li>
 *   <li>all lines are rounded together by {@link InvoiceRounding}, tie key = line id.</li>
 * </ol>
 * The result does not depend on the order of the cost lines.
 */
public final class InvoiceCalculator {

    private final PricingRules rules;
    private final ChargePolicy policy;
    private final ExchangeRates rates;

    public InvoiceCalculator(PricingRules rules, ChargePolicy policy, ExchangeRates rates) {
        this.rules = rules;
        this.policy = policy;
        this.rates = rates;
    }

    /**
     * @param currency                the customer's invoice currency (from the payer registry)
     * @param registryPercentByPayer  each payer's registry markup percent, used where no pricing rule matches
     * @param costs                   the customer's cost lines for the period, in any order
     * @throws MissingExchangeRateException when the currency has no rate for the period
     * @throws IllegalArgumentException     when a cost line belongs to another customer or its payer has no registry markup
     */
    public Invoice invoice(String customerId, BillingPeriod period, Currency currency,
                           Map<String, BigDecimal> registryPercentByPayer, List<StagedCost> costs) {
        return invoice(customerId, period, currency, rates.require(currency.getCurrencyCode(), period),
                registryPercentByPayer, costs);
    }

    /**
     * As above, with the exchange rate given: the one recorded for the run, which a restart keeps even if the rates
     * file changed since.
     */
    public Invoice invoice(String customerId, BillingPeriod period, Currency currency, BigDecimal rate,
                           Map<String, BigDecimal> registryPercentByPayer, List<StagedCost> costs) {
        PricingRules rules = this.rules.inForce(period); // a dated rule prices only its own periods
        Map<String, StagedCost> byLineId = new TreeMap<>();
        BigDecimal dropped = BigDecimal.ZERO;
        for (StagedCost cost : costs) {
            if (!customerId.equals(cost.key().customerId())) {
                throw new IllegalArgumentException("cost line " + cost.key() + " does not belong to customer " + customerId);
            }
            if (policy.handlingOf(cost.key().chargeType()) == ChargeHandling.DROP) {
                dropped = dropped.add(cost.awsCost());
            } else {
                byLineId.merge(lineId(cost.key()), cost, (a, b) -> new StagedCost(a.key(), a.awsCost().add(b.awsCost())));
            }
        }

        List<PricedLine> unrounded = new ArrayList<>();
        Map<LineKey, BigDecimal> billed = new LinkedHashMap<>();
        byLineId.forEach((lineId, cost) -> {
            AppliedRule rule = ruleFor(rules, cost.key(), registryPercentByPayer);
            BigDecimal exact = Money.convert(Money.applyPercent(cost.awsCost(), rule.percent()), rate);
            billed.put(cost.key(), exact);
            unrounded.add(new PricedLine(lineId, cost.key(), null, cost.awsCost(), rule.ruleId(), rule.percent(), exact, null));
        });
        for (CustomLineItem item : rules.customItemsFor(customerId, period, currency.getCurrencyCode())) {
            BigDecimal exact = item.exactAmount(billed);
            ChargeType type = exact.signum() < 0 ? ChargeType.CREDIT : ChargeType.FEE;
            unrounded.add(new PricedLine("custom/" + item.id(), new LineKey(customerId, null, null, null, type),
                    item.description(), BigDecimal.ZERO, item.id(), item.percent(), exact, null));
        }
        unrounded.sort(Comparator.comparing(PricedLine::lineId));

        List<BigDecimal> exacts = unrounded.stream().map(PricedLine::exactAmount).toList();
        List<BigDecimal> rounded = InvoiceRounding.allocate(exacts, unrounded.stream().map(PricedLine::lineId).toList(), currency);
        List<PricedLine> lines = new ArrayList<>(unrounded.size());
        for (int i = 0; i < unrounded.size(); i++) {
            PricedLine line = unrounded.get(i);
            lines.add(new PricedLine(line.lineId(), line.key(), line.description(), line.awsCost(), line.ruleId(),
                    line.percent(), line.exactAmount(), rounded.get(i)));
        }
        return new Invoice(customerId, period, currency, rate, List.copyOf(lines), InvoiceRounding.total(exacts, currency), dropped);
    }

    private AppliedRule ruleFor(PricingRules rules, LineKey key, Map<String, BigDecimal> registryPercentByPayer) {
        if (policy.handlingOf(key.chargeType()) == ChargeHandling.PASS_THROUGH) {
            return AppliedRule.passThrough();
        }
        return rules.matchingRule(key).orElseGet(() -> {
            BigDecimal registry = registryPercentByPayer.get(key.payerAccountId());
            if (registry == null) {
                throw new IllegalArgumentException("no registry markup for payer " + key.payerAccountId());
            }
            return new AppliedRule(AppliedRule.REGISTRY, registry);
        });
    }

    /** Payer and account ids are 12 digits and codes have no '/', so the service, last, keeps ids unique. */
    private static String lineId(LineKey key) {
        return key.payerAccountId() + "/" + key.accountId() + "/" + key.chargeType().code() + "/"
                + (key.service() == null ? "" : key.service());
    }
}

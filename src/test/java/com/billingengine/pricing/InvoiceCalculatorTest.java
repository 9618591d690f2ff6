package com.billingengine.pricing;

import com.billingengine.period.BillingPeriod;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class InvoiceCalculatorTest {

    private static final BillingPeriod OCT = BillingPeriod.parse("2026-10");
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final String PAYER = "123456789012";
    private static final String A = "111111111111";
    private static final String B = "222222222222";
    private static final String EC2 = "Amazon Elastic Compute Cloud - Compute";
    private static final String S3 = "Amazon Simple Storage Service";
    private static final Map<String, BigDecimal> REGISTRY = Map.of(PAYER, new BigDecimal("3"));

    private final InvoiceCalculator calculator = new InvoiceCalculator(
            PricingRules.parse("rules.yml", """
                    rules:
                      - id: ec2-discount
                        percent: -5
                        scope: {customer: C-1, service: %s}
                    customLineItems:
                      - id: fee
                        customer: C-1
                        description: Management fee
                        amount: 20
                        recurrence: recurring
                      - id: service
                        customer: C-1
                        description: 1%% of usage
                        percent: 1
                        scope: {chargeType: usage}
                        recurrence: recurring
                    """.formatted(EC2)),
            ChargePolicy.fromMap(Map.of("tax", "drop")),
            ExchangeRates.parse("rates.csv", List.of("period,currency,rate", "2026-10,EUR,0.9")));

    private final List<StagedCost> costs = List.of(
            cost(A, EC2, ChargeType.USAGE, "60.00"),
            cost(A, EC2, ChargeType.USAGE, "40.00"),
            cost(A, S3, ChargeType.USAGE, "10.01"),
            cost(A, EC2, ChargeType.CREDIT, "-5.555"),
            cost(A, "Tax", ChargeType.TAX, "7.00"),
            cost(B, "AWS Support (Business)", ChargeType.SUPPORT, "3.333"));

    @Test
    void pricesConvertsAddsCustomItemsAndRoundsAWorkedExample() {
        Invoice invoice = calculator.invoice("C-1", OCT, EUR, REGISTRY, costs);

        // EC2 usage  100.00 USD, ec2-discount -5%  →  95.00 × 0.9 = 85.5           floor 85.50, remainder 0
        // S3 usage    10.01 USD, registry +3%      →  10.3103 × 0.9 = 9.27927       floor  9.27, remainder .927   → +1
        // EC2 credit  -5.555 USD, pass-through     →  -5.555 × 0.9 = -4.9995        floor -5.00, remainder .05
        // support      3.333 USD, registry +3%     →  3.43299 × 0.9 = 3.089691      floor  3.08, remainder .9691  → +1
        // tax          7.00 USD: dropped
        // fee: 20 EUR; service: 1% of usage (85.5 + 9.27927) = 0.9477927          floor  0.94, remainder .77927 → +1
        // exact total 113.8172537 → 113.82; floors add to 113.79, so the 3 largest remainders get a cent each
        assertThat(invoice.lines()).extracting(PricedLine::lineId, PricedLine::ruleId, PricedLine::percent, PricedLine::amount)
                .containsExactly(
                        tuple(PAYER + "/" + A + "/credit/" + EC2, "pass-through", BigDecimal.ZERO, new BigDecimal("-5.00")),
                        tuple(PAYER + "/" + A + "/usage/" + EC2, "ec2-discount", new BigDecimal("-5"), new BigDecimal("85.50")),
                        tuple(PAYER + "/" + A + "/usage/" + S3, "registry", new BigDecimal("3"), new BigDecimal("9.28")),
                        tuple(PAYER + "/" + B + "/support/AWS Support (Business)", "registry", new BigDecimal("3"), new BigDecimal("3.09")),
                        tuple("custom/fee", "fee", null, new BigDecimal("20.00")),
                        tuple("custom/service", "service", new BigDecimal("1"), new BigDecimal("0.95")));
        assertThat(invoice.lines().get(2).exactAmount()).isEqualByComparingTo("9.27927");
        assertThat(invoice.lines().get(4).description()).isEqualTo("Management fee");
        assertThat(invoice.lines().get(4).key()).isEqualTo(new LineKey("C-1", null, null, null, ChargeType.FEE));
        assertThat(invoice.total()).isEqualTo(new BigDecimal("113.82"));
        assertThat(invoice.lines().stream().map(PricedLine::amount).reduce(BigDecimal::add)).contains(invoice.total());
        assertThat(invoice.rate()).isEqualByComparingTo("0.9");
        assertThat(invoice.awsCost()).isEqualByComparingTo("107.788");
        assertThat(invoice.droppedAwsCost()).isEqualByComparingTo("7.00");
    }

    @Test
    void theInvoiceDoesNotDependOnTheOrderOfCostLines() {
        List<StagedCost> reversed = new ArrayList<>(costs);
        Collections.reverse(reversed);
        assertThat(calculator.invoice("C-1", OCT, EUR, REGISTRY, reversed)).isEqualTo(calculator.invoice("C-1", OCT, EUR, REGISTRY, costs));
    }

    @Test
    void aMissingRateOrRegistryMarkupOrAForeignLineIsRefused() {
        assertThatThrownBy(() -> calculator.invoice("C-1", BillingPeriod.parse("2026-11"), EUR, REGISTRY, costs))
                .isInstanceOf(MissingExchangeRateException.class).hasMessageContaining("EUR in 2026-11");
        assertThatThrownBy(() -> calculator.invoice("C-1", OCT, EUR, Map.of(), costs))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no registry markup for payer " + PAYER);
        assertThatThrownBy(() -> calculator.invoice("C-2", OCT, EUR, REGISTRY, costs))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong to customer C-2");
    }

    @Test
    void aUsdInvoiceNeedsNoRateAndANegativeCustomItemIsACredit() {
        InvoiceCalculator usd = new InvoiceCalculator(PricingRules.parse("rules.yml", """
                customLineItems:
                  - id: goodwill
                    customer: C-1
                    description: Goodwill credit
                    amount: -12.5
                    recurrence: one-time
                    period: 2026-10
                """), ChargePolicy.defaults(), ExchangeRates.parse("rates.csv", List.of("period,currency,rate")));

        Invoice invoice = usd.invoice("C-1", OCT, Currency.getInstance("USD"), REGISTRY, List.of(cost(A, S3, ChargeType.USAGE, "100")));

        assertThat(invoice.lines()).extracting(line -> line.key().chargeType(), PricedLine::amount)
                .containsExactly(tuple(ChargeType.USAGE, new BigDecimal("103.00")), tuple(ChargeType.CREDIT, new BigDecimal("-12.50")));
        assertThat(invoice.total()).isEqualTo(new BigDecimal("90.50"));
    }

    private static StagedCost cost(String account, String service, ChargeType type, String usd) {
        return new StagedCost(new LineKey("C-1", PAYER, account, service, type), new BigDecimal(usd));
    }
}

package com.billingengine.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import com.billingengine.period.BillingPeriod;

/**
 * AWS's tax is billed at AWS cost by default: by ChargePolicy.defaults() (no charges section), by the shipped
 * settings and by the sandbox demo's, whatever markup the payer or a global rule would give other charges.
 */
class DefaultTaxHandlingTest {

    private static final String PAYER = "123456789012";
    private static final String ACCOUNT = "111111111111";

    @ParameterizedTest
    @ValueSource(strings = {"", "jobs/monthly-billing.yml", "jobs/examples/sandbox-billing.yml"})
    void defaultSettingsBillAwsTaxAtCost(String settings) throws Exception {
        ChargePolicy policy = settings.isEmpty() ? ChargePolicy.defaults() : ChargePolicy.fromMap(charges(settings));
        InvoiceCalculator calculator = new InvoiceCalculator(PricingRules.parse("rules.yml", """
                rules:
                  - id: global-markup
                    percent: 5.0
                """), policy, ExchangeRates.parse("rates.csv", List.of("period,currency,rate", "2026-10,EUR,0.9150")));

        Invoice invoice = calculator.invoice("C-1", BillingPeriod.parse("2026-10"), Currency.getInstance("EUR"),
                Map.of(PAYER, new BigDecimal("10")), List.of(
                        new StagedCost(new LineKey("C-1", PAYER, ACCOUNT, "Tax", ChargeType.TAX), new BigDecimal("123.45")),
                        new StagedCost(new LineKey("C-1", PAYER, ACCOUNT, "AWS Lambda", ChargeType.USAGE),
                                new BigDecimal("100"))));

        PricedLine tax = invoice.lines().stream().filter(l -> l.key().chargeType() == ChargeType.TAX).findFirst()
                .orElseThrow();
        assertThat(tax.ruleId()).isEqualTo(AppliedRule.PASS_THROUGH);
        assertThat(tax.percent()).isEqualByComparingTo("0");
        // aws cost × rate: 123.45 × 0.9150 = 112.956750, no markup
        assertThat(tax.exactAmount()).isEqualByComparingTo(new BigDecimal("123.45").multiply(new BigDecimal("0.9150")));
        assertThat(tax.amount()).isEqualByComparingTo("112.96");
        // the usage beside it is still marked up: the rule applies, only tax is exempt
        assertThat(invoice.lines()).filteredOn(l -> l.key().chargeType() == ChargeType.USAGE)
                .extracting(PricedLine::ruleId).containsExactly("global-markup");
        assertThat(invoice.droppedAwsCost()).isEqualByComparingTo("0");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> charges(String settings) throws Exception {
        try (Reader in = Files.newBufferedReader(Path.of(settings))) {
            Map<String, Object> billing = (Map<String, Object>) new Yaml().<Map<String, Object>>load(in).get("billing");
            return (Map<String, ?>) billing.get("charges");
        }
    }
}

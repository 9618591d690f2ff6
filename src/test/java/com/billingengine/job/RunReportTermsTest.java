package com.billingengine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.billingengine.pricing.PeriodTerms;

/** The terms line of a run's summary stays one readable line for a reseller with thousands of payers. */
class RunReportTermsTest {

    private static PeriodTerms termsOf(int payers) {
        Map<String, PeriodTerms.PayerTerm> byPayer = new TreeMap<>();
        for (int i = 1; i <= payers; i++) {
            String id = String.format("%012d", i);
            byPayer.put(id, new PeriodTerms.PayerTerm(id, "C-" + i, "Customer " + i, "USD", BigDecimal.TEN,
                    i % 500 == 0 ? 2 : 1, 30));
        }
        return new PeriodTerms("0123456789abcdef", Map.of("markup-all", "x"), Map.of(), Map.of(), byPayer);
    }

    @Test
    void aFewPayersAreEachNamed() {
        assertThat(RunReport.describe(termsOf(2))).isEqualTo(
                "rule set 0123456789ab (1 rule(s) and item(s) in force), registry versions 000000000001 v1, 000000000002 v1");
    }

    @Test
    void twoThousandPayersNameTenAndCountTheRestByVersion() {
        String line = RunReport.describe(termsOf(2_000));
        assertThat(line).startsWith("rule set 0123456789ab (1 rule(s) and item(s) in force), registry versions "
                + "000000000001 v1, 000000000002 v1,").endsWith(
                        "000000000010 v1 and 1,990 more (1,986 at v1, 4 at v2)");
        assertThat(line.length()).isLessThan(300);
    }
}

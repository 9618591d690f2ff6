package com.billingengine.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;

/** The page from figures alone: amounts in each currency's format, names as text, movers against last month. */
class ReportPageTest {

    static final BillingRun OCTOBER = new BillingRun(BillingPeriod.parse("2026-10"), 2);
    static final BillingRun SEPTEMBER = new BillingRun(BillingPeriod.parse("2026-09"), 1);

    @Test
    void amountsAreInTheInvoiceCurrencysFormat() {
        assertThat(CurrencyText.format(new BigDecimal("1234.5"), "USD")).isEqualTo("$1,234.50");
        assertThat(CurrencyText.format(new BigDecimal("-50.00"), "EUR")).isEqualTo("-€50.00");
        assertThat(CurrencyText.format(new BigDecimal("14663432"), "JPY")).isEqualTo("¥14,663,432");
        assertThat(CurrencyText.format(new BigDecimal("99.995"), "CHF")).isEqualTo("CHF100.00");
    }

    @Test
    void aHostileNameIsTextAndTheHeadlineSaysWhatTheRevisionCorrects() {
        ReportFigures september = new ReportFigures(List.of(
                line("C-1", "<script>alert(1)</script>", "USD", "1000.00", "1"),
                line("C-2", "Tanaka Shoji K.K.", "JPY", "150000", "150")));
        ReportFigures october = new ReportFigures(List.of(
                line("C-1", "<script>alert(1)</script>", "USD", "1250.00", "1"),
                line("C-2", "Tanaka Shoji K.K.", "JPY", "140000", "150")));
        ReportPage.Headline headline = new ReportPage.Headline(OCTOBER, 42, 2, 7, 1234, 30, true, "correction", 1,
                List.of(new ReportQueries.Reconciliation("123456789012", new BigDecimal("10.5"),
                        new BigDecimal("10.5"))),
                "rule set 0123456789ab (6 rule(s) and item(s) in force), registry versions 123456789012 v2",
                List.of("payer 123456789012 (C-1): markup 0% → 3% <b>from</b> 2026-10 (version 2)"), null, null);

        String html = ReportPage.render(headline, october, List.of(new ReportFigures.Month(SEPTEMBER, september),
                new ReportFigures.Month(OCTOBER, october)));

        assertThat(html).as("the terms that priced the revision and the registry's changes in the period")
                .contains("rule set 0123456789ab", "registry versions 123456789012 v2",
                        "<li>payer 123456789012 (C-1): markup 0% → 3% &lt;b&gt;from&lt;/b&gt; 2026-10 (version 2)</li>");
        assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("corrects revision 1", "ESTIMATED", "reconciled", "$1,250.00", "¥140,000", "+$250.00",
                        "+25.0%", "-¥10,000", "-6.7%", "Biggest movers since 2026-09", "30 ($0.30)");
        // the charts' labels are SVG text, escaped the same way
        assertThat(html.substring(html.indexOf("<svg"))).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    private static ReportLine line(String customer, String name, String currency, String amount, String rate) {
        BigDecimal billed = new BigDecimal(amount);
        return new ReportLine(customer, name, currency, "210000000001", "prod", "Amazon EC2", "usage", "registry",
                billed.divide(new BigDecimal(rate), 10, java.math.RoundingMode.HALF_UP), billed, new BigDecimal(rate));
    }
}

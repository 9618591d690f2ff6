package com.billingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.billingengine.job.RunSummary;

/** The run summary writes every invoice total with its currency's minor digits, trailing zeros included. */
class SummariesTest {

    @Test
    void totalsKeepTheCurrencysMinorDigits() {
        // totals as a database sum returns them: scale lost to trailing zeros
        RunSummary summary = new RunSummary("2026-10", 1, 1L, "COMPLETED", 3, 36, 15016, 52, 0, List.of(
                new RunSummary.CustomerTotal("C-1001", "Contoso GmbH", "USD", 170, new BigDecimal("77121")),
                new RunSummary.CustomerTotal("C-1002", "Fabrikam, Inc.", "EUR", 183, new BigDecimal("88172.5")),
                new RunSummary.CustomerTotal("C-1003", "Tanaka Shoji K.K.", "JPY", 165, new BigDecimal("14844904")),
                new RunSummary.CustomerTotal("C-1004", "Gulf Trading W.L.L.", "BHD", 12, new BigDecimal("1204.2"))),
                null, List.of(), null, null, List.of());
        StringWriter out = new StringWriter();
        Summaries.print(new PrintWriter(out), summary, true);
        assertThat(out.toString()).contains(
                "    C-1001     Contoso GmbH                       170 lines          77121.00 USD\n",
                "    C-1002     Fabrikam, Inc.                     183 lines          88172.50 EUR\n",
                "    C-1003     Tanaka Shoji K.K.                  165 lines          14844904 JPY\n",
                "    C-1004     Gulf Trading W.L.L.                 12 lines          1204.200 BHD\n");
    }
}

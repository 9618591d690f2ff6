package com.billingengine.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.period.BillingPeriod;
import com.billingengine.pricing.InvoiceLine;

/**
 * corrections.xml for a correction that holds an invoice the corrected revision did not have (a customer or currency
 * new since): its note names no invoice to correct (the acceptance rule: every referenced id exists in the corrected
 * revision), while a note of an invoice that existed names it; both are valid against corrections.xsd and carry the
 * period's dates and the customer's terms.
 */
class CorrectionNotesTest {

    @TempDir
    Path dir;

    @Test
    void aNoteForAnInvoiceNewSinceNamesNoInvoiceToCorrect() throws Exception {
        InvoiceLine existingBefore = line("L1", "C-1", "USD", "100.00");
        InvoiceLine existingNow = line("L1", "C-1", "USD", "90.00");
        InvoiceLine newInvoice = line("L2", "C-2", "EUR", "42.50");
        RevisionDiff.Diff diff = new RevisionDiff.Diff("2026-10", 1, 2, List.of(
                new CustomerChange("C-1", "Acme", "USD", new BigDecimal("100.00"), new BigDecimal("90.00"),
                        List.of(new LineChange(existingBefore, existingNow)), true),
                new CustomerChange("C-2", "Newco", "EUR", new BigDecimal("0.00"), new BigDecimal("42.50"),
                        List.of(new LineChange(null, newInvoice)), false)));
        Path xml = dir.resolve("corrections.xml");

        assertThat(CorrectionFiles.writeXml(xml, diff, false,
                InvoiceTerms.uniform(BillingPeriod.parse("2026-10"), 3, 10))).isEqualTo(2);

        InvoiceIdentityTest.validate(xml, "corrections.xsd");
        String text = Files.readString(xml);
        assertThat(text).contains("""
                  <note id="C-1-2026-10-USD-rev-2" type="credit">
                    <customerId>C-1</customerId>
                    <customerName>Acme</customerName>
                    <currency>USD</currency>
                    <period>2026-10</period>
                    <servicePeriod start="2026-10-01" end="2026-10-31"/>
                    <issueDate>2026-11-03</issueDate>
                    <paymentTermsDays>10</paymentTermsDays>
                    <dueDate>2026-11-13</dueDate>
                    <correctsInvoice>C-1-2026-10-USD</correctsInvoice>
                    <correctsRevision>1</correctsRevision>""".indent(2).stripTrailing(), """
                  <note id="C-2-2026-10-EUR-rev-2" type="debit">
                    <customerId>C-2</customerId>
                    <customerName>Newco</customerName>
                    <currency>EUR</currency>
                    <period>2026-10</period>
                    <servicePeriod start="2026-10-01" end="2026-10-31"/>
                    <issueDate>2026-11-03</issueDate>
                    <paymentTermsDays>10</paymentTermsDays>
                    <dueDate>2026-11-13</dueDate>
                    <correctsRevision>1</correctsRevision>""".indent(2).stripTrailing(),
                "<amountNow currency=\"EUR\">42.50</amountNow>", "<deltaTotal currency=\"USD\">-10.00</deltaTotal>");
    }

    private static InvoiceLine line(String id, String customer, String currency, String amount) {
        return new InvoiceLine(id, customer, customer + " name", currency, "123456789012", "210000000001", "Prod",
                "Amazon Simple Storage Service", "usage", new BigDecimal(amount), new BigDecimal(amount),
                new BigDecimal(amount), "registry", BigDecimal.ZERO, BigDecimal.ONE);
    }
}

package com.billingengine.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.billingengine.cli.Cli;
import com.billingengine.pricing.ExampleRules;

/**
 * Invoice identity on the sandbox month 2026-10 and its late-credits correction: every invoice of invoices.xml has
 * its id (the InvoiceId of focus.csv), the service period, the issue date of billing.export.invoice-day (5: the 5th
 * of November, whatever day the test runs), the customer's payment terms from the registry (C-1001's payer on 14 days
 * from 2026-10) or the job's default (billing.export.payment-terms-days: 45) and the due date they make, and the
 * currency of every amount; every note of rev-2's corrections.xml names an invoice id that rev-1's invoices.xml holds.
 * Both files validate against the project's XSDs.
 */
class InvoiceIdentityTest {

    private static final String PERIOD = "2026-10";
    /** C-1001's payer (USD); C-1002 (EUR, 967957841924) and C-1003 (JPY, 285806102971) stay on the default. */
    private static final String ACME_PAYER = "256388812462";

    @TempDir
    static Path dataDir;
    @TempDir
    static Path configDir;

    static Cli.Result terms;
    static Cli.Result first;
    static Cli.Result rerun;
    static Cli.Result termsInThePast;
    static Cli.Result rerunWithChangedTerms;

    @BeforeAll
    static void monthEnd() throws Exception {
        Path config = ExampleRules.config(configDir);
        Files.writeString(config, Files.readString(config) + """
                  export:
                    invoice-day: 5
                    payment-terms-days: 45
                """);
        terms = Cli.sandbox(dataDir, "--config", config.toString(), "payers", "set", "--payer", ACME_PAYER, "--from",
                PERIOD, "--payment-terms-days", "14");
        first = Cli.sandbox(dataDir, "--config", config.toString(), "run", "--period", PERIOD);
        rerun = Cli.sandbox(dataDir, "--config", config.toString(), "--sandbox-late-credits", "run", "--period", PERIOD,
                "--rerun");
        // payment terms are terms over time: dated into the billed past, they refuse a rerun without --reprice
        termsInThePast = Cli.sandbox(dataDir, "--config", config.toString(), "payers", "set", "--payer",
                "967957841924", "--from", PERIOD, "--payment-terms-days", "10");
        rerunWithChangedTerms = Cli.sandbox(dataDir, "--config", config.toString(), "--sandbox-late-credits", "run",
                "--period", PERIOD, "--rerun");
    }

    @Test
    void aRerunIsRefusedWhenThePeriodsPaymentTermsChanged() {
        assertThat(termsInThePast.exitCode()).as(termsInThePast.toString()).isZero();
        assertThat(rerunWithChangedTerms.exitCode()).as(rerunWithChangedTerms.toString()).isEqualTo(3);
        assertThat(rerunWithChangedTerms.err()).contains("payer 967957841924:", "payment terms 45 days →",
                "payment terms 10 days", "--reprice");
        assertThat(rev(3)).doesNotExist();
    }

    private static Path rev(int revision) {
        return dataDir.resolve("exports").resolve(PERIOD).resolve("rev-" + revision);
    }

    @Test
    void everyInvoiceHasItsIdDatesTermsAndTheCurrencyOfEveryAmount() throws Exception {
        assertThat(terms.exitCode()).as(terms.toString()).isZero();
        assertThat(terms.out()).contains("payment terms default → 14 days");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Path xml = rev(1).resolve("invoices.xml");
        validate(xml, "invoices.xsd");
        Map<String, List<String>> invoices = new LinkedHashMap<>();
        for (Element invoice : elements(dom(xml).getDocumentElement(), InvoicesXml.NAMESPACE, "invoice")) {
            Element period = child(invoice, InvoicesXml.NAMESPACE, "servicePeriod");
            invoices.put(invoice.getAttribute("id"), List.of(text(invoice, InvoicesXml.NAMESPACE, "customerId"),
                    period.getAttribute("start") + ".." + period.getAttribute("end"),
                    text(invoice, InvoicesXml.NAMESPACE, "issueDate"),
                    text(invoice, InvoicesXml.NAMESPACE, "paymentTermsDays"),
                    text(invoice, InvoicesXml.NAMESPACE, "dueDate"),
                    child(invoice, InvoicesXml.NAMESPACE, "awsCostTotal").getAttribute("currency"),
                    child(invoice, InvoicesXml.NAMESPACE, "total").getAttribute("currency")));
            String currency = text(invoice, InvoicesXml.NAMESPACE, "currency");
            for (Element amount : elements(invoice, InvoicesXml.NAMESPACE, "amount")) {
                assertThat(amount.getAttribute("currency")).isEqualTo(currency);
            }
            for (Element awsCost : elements(invoice, InvoicesXml.NAMESPACE, "awsCost")) {
                assertThat(awsCost.getAttribute("currency")).isEqualTo("USD");
            }
        }
        assertThat(invoices).containsExactly(
                Map.entry("C-1001-2026-10-USD", List.of("C-1001", "2026-10-01..2026-10-31", "2026-11-05", "14",
                        "2026-11-19", "USD", "USD")),
                Map.entry("C-1002-2026-10-EUR", List.of("C-1002", "2026-10-01..2026-10-31", "2026-11-05", "45",
                        "2026-12-20", "USD", "EUR")),
                Map.entry("C-1003-2026-10-JPY", List.of("C-1003", "2026-10-01..2026-10-31", "2026-11-05", "45",
                        "2026-12-20", "USD", "JPY")));
        // focus.csv's InvoiceId joins to invoices.xml: the same ids, no other
        List<String[]> focus = ExportContract.csvRows(rev(1).resolve("focus.csv"));
        int invoiceId = List.of(focus.get(0)).indexOf("InvoiceId");
        TreeSet<String> focusIds = new TreeSet<>();
        focus.subList(1, focus.size()).forEach(row -> focusIds.add(row[invoiceId]));
        assertThat(focusIds).isEqualTo(new TreeSet<>(invoices.keySet()));
    }

    @Test
    void everyCorrectionNoteHasItsOwnIdAndNamesAnInvoiceTheCorrectedRevisionHolds() throws Exception {
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        Path xml = rev(2).resolve("corrections.xml");
        validate(xml, "corrections.xsd");
        TreeSet<String> imported = new TreeSet<>();
        elements(dom(rev(1).resolve("invoices.xml")).getDocumentElement(), InvoicesXml.NAMESPACE, "invoice")
                .forEach(invoice -> imported.add(invoice.getAttribute("id")));
        Map<String, List<String>> notes = new LinkedHashMap<>();
        for (Element note : elements(dom(xml).getDocumentElement(), CorrectionFiles.NAMESPACE, "note")) {
            String corrects = text(note, CorrectionFiles.NAMESPACE, "correctsInvoice");
            assertThat(imported).as("rev-1's invoices.xml holds what note %s corrects", note.getAttribute("id"))
                    .contains(corrects);
            notes.put(note.getAttribute("id"), List.of(corrects, text(note, CorrectionFiles.NAMESPACE, "issueDate"),
                    text(note, CorrectionFiles.NAMESPACE, "paymentTermsDays"),
                    text(note, CorrectionFiles.NAMESPACE, "dueDate"),
                    child(note, CorrectionFiles.NAMESPACE, "deltaTotal").getAttribute("currency"),
                    text(note, CorrectionFiles.NAMESPACE, "deltaTotal")));
        }
        assertThat(notes).containsExactly(
                Map.entry("C-1001-2026-10-USD-rev-2", List.of("C-1001-2026-10-USD", "2026-11-05", "14", "2026-11-19",
                        "USD", "-79.69")),
                Map.entry("C-1002-2026-10-EUR-rev-2", List.of("C-1002-2026-10-EUR", "2026-11-05", "45", "2026-12-20",
                        "EUR", "-5.98")));
        // the full invoices of rev-2 keep the ids: the same invoices in their corrected state, never issued again
        TreeSet<String> rev2 = new TreeSet<>();
        elements(dom(rev(2).resolve("invoices.xml")).getDocumentElement(), InvoicesXml.NAMESPACE, "invoice")
                .forEach(invoice -> rev2.add(invoice.getAttribute("id")));
        assertThat(rev2).isEqualTo(imported);
    }

    static void validate(Path xml, String xsdName) throws Exception {
        URL xsd = InvoiceIdentityTest.class.getResource("/com/billingengine/export/" + xsdName);
        assertThat(xsd).isNotNull();
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd).newValidator()
                .validate(new StreamSource(xml.toFile()));
    }

    static org.w3c.dom.Document dom(Path xml) throws Exception {
        return DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().parse(xml.toFile());
    }

    static List<Element> elements(Element parent, String namespace, String name) {
        NodeList nodes = parent.getElementsByTagNameNS(namespace, name);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    private static Element child(Element parent, String namespace, String name) {
        return elements(parent, namespace, name).get(0);
    }

    private static String text(Element parent, String namespace, String name) {
        List<Element> found = elements(parent, namespace, name);
        return found.isEmpty() ? null : found.get(0).getTextContent();
    }
}

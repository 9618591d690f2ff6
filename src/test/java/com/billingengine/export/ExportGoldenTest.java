package com.billingengine.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import com.billingengine.pricing.InvoiceLine;
import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180Parser;

/**
 * The three ERP files of a fixed, hand-priced set of invoice lines ({@link GoldenInvoiceLines}) are byte-for-byte
 * the reviewed files in src/test/resources/golden. On a difference the file written is left in
 * target/golden-actual for a diff; copy it over the golden file only after checking it line by line.
 */
class ExportGoldenTest {

    private static final String PERIOD = GoldenInvoiceLines.PERIOD;
    private static final List<InvoiceLine> LINES = GoldenInvoiceLines.lines();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {ErpExport.CSV, ErpExport.XML, ErpExport.FOCUS})
    void writesTheGoldenFile(String name) throws Exception {
        Path written = writeAll().resolve(name);
        byte[] actual = Files.readAllBytes(written);
        byte[] golden = new byte[0];
        try (InputStream in = getClass().getResourceAsStream("/golden/" + name)) {
            if (in != null) {
                golden = in.readAllBytes();
            }
        }
        if (!Arrays.equals(actual, golden)) {
            Path keep = Path.of("target", "golden-actual", name);
            Files.createDirectories(keep.getParent());
            Files.write(keep, actual);
        }
        assertThat(new String(actual, StandardCharsets.UTF_8)).as(name).isEqualTo(new String(golden, StandardCharsets.UTF_8));
        assertThat(actual).as(name + " bytes").isEqualTo(golden);
    }

    @Test
    void theFixtureIsPricedAsTheCommentsSay() {
        for (InvoiceLine l : LINES) {
            if (FocusCsv.isCustom(l)) {
                continue; // a fixed amount in the invoice currency
            }
            BigDecimal exact = l.awsCost().multiply(BigDecimal.valueOf(100).add(l.markupPercent()))
                    .divide(BigDecimal.valueOf(100)).multiply(l.exchangeRate());
            int digits = Currency.getInstance(l.currency()).getDefaultFractionDigits();
            assertThat(l.exactAmount()).as(l.lineId()).isEqualByComparingTo(exact);
            assertThat(l.amount()).as(l.lineId()).isEqualByComparingTo(exact.setScale(digits, RoundingMode.HALF_UP));
        }
    }

    @Test
    void hostileNamesReadBackFromTheCsvFilesAndTheXml() throws Exception {
        Path folder = writeAll();
        List<String> expected = LINES.stream().map(InvoiceLine::accountName).toList();
        List<String> neutralised = expected.stream().map(ExportGoldenTest::withApostrophe).toList();

        List<String[]> csv = rows(folder.resolve(ErpExport.CSV));
        assertThat(csv.stream().map(r -> r[5]).toList()).isEqualTo(neutralised);
        assertThat(csv.stream().map(r -> r[11]).toList())
                .isEqualTo(LINES.stream().map(InvoiceLine::customerName).toList());

        List<Map<String, String>> focus = FocusConformance.check(folder.resolve(ErpExport.FOCUS), false);
        assertThat(focus.stream().map(r -> r.get("SubAccountName")).toList()).isEqualTo(neutralised);
        assertThat(focus.stream().map(r -> r.get("BillingAccountName")).toList())
                .isEqualTo(LINES.stream().map(InvoiceLine::customerName).toList());
        assertThat(neutralised).contains("'" + GoldenInvoiceLines.HOSTILE_ACCOUNT, "'" + GoldenInvoiceLines.AT_ACCOUNT,
                "'" + GoldenInvoiceLines.PLUS_ACCOUNT, GoldenInvoiceLines.JAPANESE_ACCOUNT);

        Document xml = dom(folder.resolve(ErpExport.XML));
        assertThat(texts(xml, "accountName")).isEqualTo(expected);
        assertThat(texts(xml, "customerName")).containsExactly("Acme, Inc.", GoldenInvoiceLines.JAPANESE_CUSTOMER);
    }

    @Test
    void focusPassesTheFocus12ChecksAndBilledCostPerInvoiceIdAddsUpToTheInvoiceTotal() throws Exception {
        Path folder = writeAll();
        Map<String, BigDecimal> billed = FocusConformance.billedPerInvoice(
                FocusConformance.check(folder.resolve(ErpExport.FOCUS), false));
        Map<String, BigDecimal> lineTotals = new LinkedHashMap<>();
        for (InvoiceLine l : LINES) {
            lineTotals.merge(l.customerId() + "-" + PERIOD + "-" + l.currency(), l.amount(), BigDecimal::add);
        }
        assertThat(billed).isEqualTo(lineTotals).containsExactly(
                Map.entry("C-1001-2026-10-USD", new BigDecimal("1633.00")),
                Map.entry("C-2002-2026-10-EUR", new BigDecimal("396.22")));
        // and the totals finance sees on the invoices in invoices.xml
        assertThat(FocusConformance.invoiceTotals(folder.resolve(ErpExport.XML), PERIOD)).isEqualTo(billed);
    }

    private Path writeAll() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("rev-1"));
        assertThat(InvoiceLinesCsv.write(folder.resolve(ErpExport.CSV), PERIOD, LINES)).isEqualTo(9);
        assertThat(InvoicesXml.write(folder.resolve(ErpExport.XML), PERIOD, 1, false, LINES,
                InvoiceTerms.uniform(com.billingengine.period.BillingPeriod.parse(PERIOD), 1, 30))).isEqualTo(2);
        InvoicesXml.validate(folder.resolve(ErpExport.XML));
        // the fixture's management fee is a recurring custom line item (pricing-rules.yml: recurrence: recurring)
        assertThat(FocusCsv.write(folder.resolve(ErpExport.FOCUS), PERIOD, LINES,
                l -> l.pricingRule().equals(GoldenInvoiceLines.RECURRING_FEE))).isEqualTo(9);
        return folder;
    }

    /** Data rows, header dropped, read by the RFC 4180 parser (no backslash escapes). */
    static List<String[]> rows(Path csv) throws Exception {
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CSVReader reader = new CSVReaderBuilder(in).withCSVParser(new RFC4180Parser()).build()) {
            List<String[]> all = reader.readAll();
            return all.subList(1, all.size());
        }
    }

    private static String withApostrophe(String name) {
        return !name.isEmpty() && "=+-@".indexOf(name.charAt(0)) >= 0 ? "'" + name : name;
    }

    private static Document dom(Path xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(xml.toFile());
    }

    private static List<String> texts(Document xml, String element) {
        NodeList nodes = xml.getElementsByTagNameNS(InvoicesXml.NAMESPACE, element);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }
}

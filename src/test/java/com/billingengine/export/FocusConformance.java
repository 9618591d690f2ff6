package com.billingengine.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180Parser;

/**
 * The project's FOCUS 1.2 checks of a focus.csv: the header is the columns {@code focus-1.2-columns.csv} marks as
 * carried (every Mandatory one among them), and every row follows the rules of its columns: nullability, type
 * (Decimal, ISO 8601 UTC date-time, ISO 4217 currency), allowed values, and the rules across columns that apply.
 */
final class FocusConformance {

    static final String COLUMNS = "/com/billingengine/export/focus-1.2-columns.csv";

    static final Set<String> CHARGE_CATEGORIES = Set.of("Adjustment", "Credit", "Purchase", "Tax", "Usage");
    static final Set<String> CHARGE_FREQUENCIES = Set.of("One-Time", "Recurring", "Usage-Based");

    /** FOCUS 1.2 ServiceCategory → its allowed ServiceSubcategory values (specification/columns/servicesubcategory.md). */
    static final Map<String, Set<String>> SUBCATEGORIES = Map.ofEntries(
            Map.entry("AI and Machine Learning", Set.of("Bots", "Generative AI", "Machine Learning",
                    "Natural Language Processing", "Other (AI and Machine Learning)")),
            Map.entry("Analytics", Set.of("Analytics Platform", "Business Intelligence", "Data Processing", "Search",
                    "Streaming Analytics", "Other (Analytics)")),
            Map.entry("Business Applications", Set.of("Other (Business Applications)")),
            Map.entry("Compute", Set.of("Containers", "End User Computing", "Quantum", "Serverless Compute",
                    "Virtual Machines", "Other (Compute)")),
            Map.entry("Databases", Set.of("Caching", "Data Warehouse", "Relational", "NoSQL", "Ledger", "Time Series",
                    "Other (Databases)")),
            Map.entry("Developer Tools", Set.of("Other (Developer Tools)")),
            Map.entry("Identity", Set.of("Other (Identity)")),
            Map.entry("Integration", Set.of("API Management", "Messaging", "Workflow Automation",
                    "Other (Integration)")),
            Map.entry("Internet of Things", Set.of("Other (Internet of Things)")),
            Map.entry("Management and Governance", Set.of("Administration", "Architecture", "Compliance",
                    "Cost Management", "Data Governance", "Disaster Recovery", "Observability", "Support",
                    "Other (Management and Governance)")),
            Map.entry("Media", Set.of("Other (Media)")),
            Map.entry("Migration", Set.of("Other (Migration)")),
            Map.entry("Mobile", Set.of("Other (Mobile)")),
            Map.entry("Multicloud", Set.of("Other (Multicloud)")),
            Map.entry("Networking", Set.of("Content Delivery", "Data Transfer", "Load Balancing", "Network Management",
                    "Network Security", "Other (Networking)")),
            Map.entry("Security", Set.of("CSPM", "Credentials", "SIEM", "Threat Detection", "Other (Security)")),
            Map.entry("Storage", Set.of("Backups", "Bulk Transfer", "Disk", "Files", "Object Storage",
                    "Other (Storage)")),
            Map.entry("Web", Set.of("Other (Web)")),
            Map.entry("Other", Set.of("Other (Other)")));

    /** One row of focus-1.2-columns.csv. */
    record Column(String name, String level, String type, String nulls, boolean carried) {
    }

    private FocusConformance() {
    }

    static List<Column> columns() throws Exception {
        List<Column> columns = new ArrayList<>();
        try (InputStream in = FocusConformance.class.getResourceAsStream(COLUMNS)) {
            assertThat(in).as(COLUMNS).isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            StringBuilder csv = new StringBuilder();
            reader.lines().filter(l -> !l.startsWith("#")).forEach(l -> csv.append(l).append('\n'));
            List<String[]> rows = read(new java.io.StringReader(csv.toString()));
            assertThat(rows.get(0)).containsExactly("column", "level", "type", "nulls", "in_focus_csv", "note");
            for (String[] r : rows.subList(1, rows.size())) {
                assertThat(r).as(String.join(",", r)).hasSize(6);
                assertThat(r[1]).isIn("Mandatory", "Recommended", "Conditional");
                assertThat(r[4]).isIn("yes", "no");
                columns.add(new Column(r[0], r[1], r[2], r[3], r[4].equals("yes")));
            }
        }
        return columns;
    }

    /** The header focus.csv must have: the carried columns in the list's order. */
    static List<String> header() throws Exception {
        return columns().stream().filter(Column::carried).map(Column::name).toList();
    }

    /**
     * Checks the file and returns its rows, column name → cell ("" is null).
     *
     * @param correction whether the dataset corrects an invoiced period (every row ChargeClass "Correction") or is
     *                   the invoice's (ChargeClass null)
     */
    static List<Map<String, String>> check(Path focusCsv, boolean correction) throws Exception {
        List<Column> columns = columns();
        List<String[]> all;
        try (Reader in = Files.newBufferedReader(focusCsv, StandardCharsets.UTF_8)) {
            all = read(in);
        }
        List<String> header = List.of(all.get(0));
        assertThat(header).as("focus.csv header: the carried columns of " + COLUMNS).isEqualTo(header());
        assertThat(header).as("every Mandatory FOCUS 1.2 column")
                .containsAll(columns.stream().filter(c -> c.level().equals("Mandatory")).map(Column::name).toList());

        List<Map<String, String>> rows = new ArrayList<>();
        Map<String, String> accountOfInvoice = new HashMap<>();
        for (String[] cells : all.subList(1, all.size())) {
            assertThat(cells).as("cells of row %d", rows.size() + 1).hasSameSizeAs(all.get(0));
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < cells.length; i++) {
                row.put(header.get(i), cells[i]);
            }
            String where = "row " + (rows.size() + 1) + " " + row;
            for (Column c : columns) {
                if (c.carried()) {
                    checkCell(c, row, where);
                }
            }
            checkRow(row, correction, where);
            String account = row.get("BillingAccountId") + " / " + row.get("BillingCurrency");
            assertThat(accountOfInvoice.computeIfAbsent(row.get("InvoiceId"), k -> account))
                    .as("one BillingAccountId and currency per InvoiceId: " + where).isEqualTo(account);
            rows.add(row);
        }
        return rows;
    }

    /** BilledCost summed per InvoiceId. */
    static Map<String, BigDecimal> billedPerInvoice(List<Map<String, String>> rows) {
        Map<String, BigDecimal> billed = new TreeMap<>();
        rows.forEach(r -> billed.merge(r.get("InvoiceId"), new BigDecimal(r.get("BilledCost")), BigDecimal::add));
        return billed;
    }

    /**
     * The invoice totals of invoices.xml by each invoice's id attribute, which focus.csv's InvoiceId must name (the
     * join); the id is customer-period-currency.
     */
    static Map<String, BigDecimal> invoiceTotals(Path invoicesXml, String period) throws Exception {
        NodeList invoices = elements(invoicesXml, InvoicesXml.NAMESPACE, "invoice");
        Map<String, BigDecimal> totals = new TreeMap<>();
        for (int i = 0; i < invoices.getLength(); i++) {
            Element invoice = (Element) invoices.item(i);
            String id = invoice.getAttribute("id");
            assertThat(id).isEqualTo(CustomerChange.invoiceId(child(invoice, InvoicesXml.NAMESPACE, "customerId"),
                    period, child(invoice, InvoicesXml.NAMESPACE, "currency")));
            totals.put(id, new BigDecimal(child(invoice, InvoicesXml.NAMESPACE, "total")));
        }
        return totals;
    }

    /** The delta of each note of corrections.xml, by the invoice it corrects. */
    static Map<String, BigDecimal> correctionDeltas(Path correctionsXml) throws Exception {
        NodeList notes = elements(correctionsXml, CorrectionFiles.NAMESPACE, "note");
        Map<String, BigDecimal> deltas = new TreeMap<>();
        for (int i = 0; i < notes.getLength(); i++) {
            Element note = (Element) notes.item(i);
            deltas.put(child(note, CorrectionFiles.NAMESPACE, "correctsInvoice"),
                    new BigDecimal(child(note, CorrectionFiles.NAMESPACE, "deltaTotal")));
        }
        return deltas;
    }

    private static void checkCell(Column c, Map<String, String> row, String where) {
        String value = row.get(c.name());
        String what = c.name() + " of " + where;
        boolean isNull = value.isEmpty();
        String category = row.get("ChargeCategory");
        boolean correction = "Correction".equals(row.get("ChargeClass"));
        switch (c.nulls()) {
            case "never" -> assertThat(isNull).as(what + " must not be null").isFalse();
            case "any" -> {
            }
            case "priced" -> {
                if ("Tax".equals(category)) {
                    assertThat(value).as(what + " must be null on Tax").isEmpty();
                } else if (!correction && ("Usage".equals(category) || "Purchase".equals(category))) {
                    assertThat(isNull).as(what + " must not be null on Usage and Purchase").isFalse();
                }
            }
            case "correction" -> assertThat(value).as(what).isIn("", "Correction");
            default -> {
                assertThat(c.nulls()).as("nulls rule of " + c.name()).startsWith("with:");
                String other = c.nulls().substring("with:".length());
                assertThat(row).as(what + ": rule names a carried column").containsKey(other);
                assertThat(isNull).as(what + " is null exactly when " + other + " is").isEqualTo(row.get(other).isEmpty());
            }
        }
        if (isNull) {
            return;
        }
        switch (c.type()) {
            case "Decimal" -> assertThat(value).as(what + " Decimal").matches("-?\\d+(\\.\\d+)?");
            case "DateTime" -> {
                assertThat(value).as(what + " ISO 8601 UTC").matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
                Instant.parse(value);
            }
            case "Currency" -> {
                assertThat(value).as(what + " ISO 4217").matches("[A-Z]{3}");
                assertThat(Currency.getInstance(value).getCurrencyCode()).isEqualTo(value);
            }
            case "String" -> assertThat(value).as(what + " no leading or trailing blanks").isEqualTo(value.strip());
            default -> throw new AssertionError("type " + c.type() + " of " + c.name() + " has no check");
        }
    }

    private static void checkRow(Map<String, String> row, boolean correction, String where) {
        assertThat(row.get("ChargeClass")).as("ChargeClass of " + where).isEqualTo(correction ? "Correction" : "");
        assertThat(row.get("ChargeCategory")).as(where).isIn(CHARGE_CATEGORIES);
        assertThat(row.get("ChargeFrequency")).as(where).isIn(CHARGE_FREQUENCIES);
        if (row.get("ChargeCategory").equals("Purchase")) {
            assertThat(row.get("ChargeFrequency")).as("a Purchase is never Usage-Based: " + where)
                    .isNotEqualTo("Usage-Based");
        }
        assertThat(SUBCATEGORIES).as("ServiceCategory of " + where).containsKey(row.get("ServiceCategory"));
        assertThat(row.get("ServiceSubcategory")).as("ServiceSubcategory under its category: " + where)
                .isIn(SUBCATEGORIES.get(row.get("ServiceCategory")));
        Instant billingStart = Instant.parse(row.get("BillingPeriodStart"));
        Instant billingEnd = Instant.parse(row.get("BillingPeriodEnd"));
        assertThat(billingStart).as(where).isBefore(billingEnd);
        assertThat(Instant.parse(row.get("ChargePeriodStart"))).as(where).isAfterOrEqualTo(billingStart)
                .isBefore(Instant.parse(row.get("ChargePeriodEnd")));
        assertThat(Instant.parse(row.get("ChargePeriodEnd"))).as(where).isBeforeOrEqualTo(billingEnd);
        // BilledCost in the billing currency's minor unit, as the invoice bills it
        int digits = Math.max(0, Currency.getInstance(row.get("BillingCurrency")).getDefaultFractionDigits());
        assertThat(new BigDecimal(row.get("BilledCost")).scale()).as("BilledCost scale of " + where).isEqualTo(digits);
        if (!row.get("PricingQuantity").isEmpty()) {
            assertThat(row.get("PricingUnit")).as(where).isNotEmpty();
        }
    }

    private static List<String[]> read(Reader in) throws Exception {
        try (CSVReader reader = new CSVReaderBuilder(in).withCSVParser(new RFC4180Parser()).build()) {
            return reader.readAll();
        }
    }

    private static NodeList elements(Path xml, String namespace, String name) throws Exception {
        var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(xml.toFile()).getElementsByTagNameNS(namespace, name);
    }

    private static String child(Element parent, String namespace, String name) {
        return parent.getElementsByTagNameNS(namespace, name).item(0).getTextContent();
    }
}

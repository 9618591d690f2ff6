package com.billingengine.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;
import com.billingengine.pricing.ExampleRules;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Month end on the sandbox, as finance would do it: rev-1 is exported; late credits arrive; `check` finds the payers
 * whose month changed (exit 4); `run --rerun` writes rev-2 with a correction of rev-1 whose deltas add up to the
 * minor unit; a rerun with nothing new writes an empty correction; `diff` shows the correction's numbers.
 * <p>
 * Period 2026-10 with the demo's pricing rules (the totals of {@code SandboxAmountsTest}). The late credits of the
 * sandbox's seed, hand-checked once from the staged cost lines (SQL on the run's H2 database) and Cost Explorer's
 * MONTHLY totals: for payer 256388812462 (C-1001, USD, credits and refunds pass through at rate 1) a new S3 credit
 * on account 991135743820 of −78.3577455466 (→ −78.36), an extra EC2 credit on 929373144250 of −5.5872970488
 * (−81.5650326798 → −87.1523297286) and a withdrawn S3 refund of −4.25330321 (→ +4.25): −79.6917393854 in all,
 * C-1001's total 80,417.41 → 80,337.72. For payer 967957841924 (C-1002, EUR at 0.9150) −6.543650423 USD,
 * i.e. −5.98744 EUR: the invoice total 88,912.3125018… → 88,906.3250619…, rounded 88,912.31 → 88,906.33, −5.98.
 * Payer 285806102971 (C-1003) is untouched. A line whose exact amount did not change keeps the amount rev-1
 * exported; each invoice's rounding is settled among the lines that changed, so the correction lists exactly the 6
 * lines whose AWS cost changed (before, every changed invoice moved a cent onto one more, unchanged line).
 */
class LateCreditsCorrectionTest {

    private static final String PERIOD = "2026-10";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dataDir;
    @TempDir
    static Path configDir;

    static Cli.Result checkBefore;
    static Cli.Result checkAfter;
    static Cli.Result rerun;
    static Cli.Result rerunAgain;
    static Cli.Result diff;

    @BeforeAll
    static void monthEnd() throws Exception {
        String config = ExampleRules.config(configDir).toString();
        Cli.Result first = Cli.sandbox(dataDir, "--config", config, "run", "--period", PERIOD);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        checkBefore = Cli.sandbox(dataDir, "--config", config, "check", "--period", PERIOD);
        checkAfter = Cli.sandbox(dataDir, "--config", config, "--sandbox-late-credits", "check", "--period", PERIOD, "--json");
        rerun = Cli.sandbox(dataDir, "--config", config, "--sandbox-late-credits", "run", "--period", PERIOD, "--rerun");
        rerunAgain = Cli.sandbox(dataDir, "--config", config, "--sandbox-late-credits", "run", "--period", PERIOD, "--rerun");
        diff = Cli.run("--data-dir", dataDir.toString(), "diff", "--period", PERIOD, "--from", "1", "--to", "2",
                "--json");
    }

    private static Path rev(int revision) {
        return dataDir.resolve("exports").resolve(PERIOD).resolve("rev-" + revision);
    }

    @Test
    void checkIsQuietBeforeTheLateCreditsAndNamesTheChangedPayersAfter() {
        assertThat(checkBefore.exitCode()).as(checkBefore.toString()).isZero();
        assertThat(checkBefore.out()).contains(PERIOD + ": Cost Explorer (UnblendedCost, USD) against rev-1 as "
                + "exported — unchanged").doesNotContain("CHANGED");

        assertThat(checkAfter.exitCode()).as(checkAfter.toString()).isEqualTo(4);
        JsonNode report = JSON.readTree(checkAfter.out());
        assertThat(report.get("changed").asBoolean()).isTrue();
        JsonNode period = report.get("periods").get(0);
        assertThat(period.get("exportedRevision").asInt()).isEqualTo(1);
        Map<String, String> differences = new TreeMap<>();
        Set<String> changed = new HashSet<>();
        for (JsonNode payer : period.get("payers")) {
            differences.put(payer.get("payerAccountId").asText(), payer.get("difference").asText());
            if (payer.get("changed").asBoolean()) {
                changed.add(payer.get("customerId").asText());
            }
        }
        assertThat(changed).containsExactlyInAnyOrder("C-1001", "C-1002");
        assertThat(differences).containsExactlyEntriesOf(new TreeMap<>(Map.of("256388812462", "-79.6917393854",
                "285806102971", "0", "967957841924", "-6.543650423")));
    }

    @Test
    void theRerunIsACorrectionOfRev1WhoseDeltasAddUpPerLineAndPerCustomer() throws Exception {
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains("rev-2: COMPLETED",
                "correction of rev-1: 6 changed lines, C-1001 credit -79.69 USD, C-1002 credit -5.98 EUR");
        JsonNode before = ExportContract.verify(rev(1));
        JsonNode now = ExportContract.verify(rev(2));
        assertThat(before.get("kind").asText()).isEqualTo("invoice");
        assertThat(now.get("kind").asText()).isEqualTo("correction");
        assertThat(now.get("corrects").asInt()).isEqualTo(1);

        List<Correction> corrections = corrections(rev(2));
        assertThat(corrections).as("only the lines whose AWS cost changed").hasSize(6);
        Map<String, BigDecimal> linesBefore = amounts(rev(1));
        Map<String, BigDecimal> linesNow = amounts(rev(2));
        Map<String, Correction> byLine = new HashMap<>();
        corrections.forEach(c -> assertThat(byLine.put(c.lineId(), c)).as("one row per line id").isNull());
        Set<String> lineIds = new HashSet<>(linesBefore.keySet());
        lineIds.addAll(linesNow.keySet());
        for (String lineId : lineIds) {
            BigDecimal amountBefore = linesBefore.getOrDefault(lineId, BigDecimal.ZERO);
            BigDecimal amountNow = linesNow.getOrDefault(lineId, BigDecimal.ZERO);
            Correction c = byLine.get(lineId);
            BigDecimal delta = c == null ? BigDecimal.ZERO : c.delta();
            assertThat(amountBefore.add(delta)).as("line %s: rev-1 + delta = rev-2", lineId)
                    .isEqualByComparingTo(amountNow);
            if (c != null) {
                assertThat(c.amountBefore()).as(lineId).isEqualByComparingTo(amountBefore);
                assertThat(c.amountNow()).as(lineId).isEqualByComparingTo(amountNow);
            }
        }

        Map<String, BigDecimal> deltaPerCustomer = new TreeMap<>();
        corrections.forEach(c -> deltaPerCustomer.merge(c.customerId(), c.delta(), BigDecimal::add));
        Map<String, BigDecimal> totalsBefore = totals(before);
        Map<String, BigDecimal> totalsNow = totals(now);
        assertThat(totalsNow.keySet()).isEqualTo(totalsBefore.keySet());
        for (String customer : totalsBefore.keySet()) {
            assertThat(totalsBefore.get(customer).add(deltaPerCustomer.getOrDefault(customer, BigDecimal.ZERO)))
                    .as("%s: rev-1 total + deltas = rev-2 total", customer).isEqualTo(totalsNow.get(customer));
        }
        // hand-checked (class comment); isEqualTo compares the scale too: the minor unit, no more digits
        assertThat(totalsBefore.get("C-1001")).isEqualTo(new BigDecimal("80417.41"));
        assertThat(totalsNow.get("C-1001")).isEqualTo(new BigDecimal("80337.72"));
        assertThat(deltaPerCustomer).containsExactlyEntriesOf(
                new TreeMap<>(Map.of("C-1001", new BigDecimal("-79.69"), "C-1002", new BigDecimal("-5.98"))));
        // C-1001's total 80,337.7153… → 80,337.72; its unchanged lines keep rev-1's amounts, whose rounding left
        // two cents to the two changed lines present: floors −78.36 and −87.16 each get one (−78.35, −87.15)
        assertThat(Files.readAllLines(rev(2).resolve("corrections.csv"))).contains(
                "L51109228474c5a98,C-1001,USD,256388812462,991135743820,\"Acme, Inc. \"\"Prod\"\"\","
                        + "Amazon Simple Storage Service,credit,0.00,-78.35,-78.35,aws-data,,pass-through",
                "Lebaf30c79dca7338,C-1001,USD,256388812462,991135743820,\"Acme, Inc. \"\"Prod\"\"\","
                        + "Amazon Simple Storage Service,refund,-4.25,0.00,4.25,aws-data,pass-through,",
                "L6c2ee896086e7e6a,C-1001,USD,256388812462,929373144250,'+49 Sales,"
                        + "Amazon Elastic Compute Cloud - Compute,credit,-81.56,-87.15,-5.59,aws-data,pass-through,"
                        + "pass-through");
    }

    @Test
    void theCorrectionDocumentsAreValidCreditNotesAndFocusCarriesOnlyTheDeltas() throws Exception {
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        Path xml = rev(2).resolve("corrections.xml");
        validate(xml);
        var document = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().parse(xml.toFile());
        var root = document.getDocumentElement();
        assertThat(root.getAttribute("revision")).isEqualTo("2");
        assertThat(root.getAttribute("corrects")).isEqualTo("1");
        var notes = root.getElementsByTagNameNS(CorrectionFiles.NAMESPACE, "note");
        Map<String, String> noteDeltas = new TreeMap<>();
        for (int i = 0; i < notes.getLength(); i++) {
            var note = (org.w3c.dom.Element) notes.item(i);
            assertThat(note.getAttribute("type")).isEqualTo("credit");
            assertThat(text(note, "correctsRevision")).isEqualTo("1");
            noteDeltas.put(text(note, "correctsInvoice"), text(note, "deltaTotal"));
        }
        assertThat(noteDeltas).containsExactlyEntriesOf(
                new TreeMap<>(Map.of("C-1001-2026-10-USD", "-79.69", "C-1002-2026-10-EUR", "-5.98")));

        List<String[]> focus = ExportContract.csvRows(rev(2).resolve("focus.csv"));
        List<String> header = List.of(focus.get(0));
        int billed = header.indexOf("BilledCost");
        int chargeClass = header.indexOf("ChargeClass");
        int invoice = header.indexOf("InvoiceId");
        Map<String, BigDecimal> focusDeltas = new TreeMap<>();
        for (String[] row : focus.subList(1, focus.size())) {
            assertThat(row[chargeClass]).isEqualTo("Correction");
            focusDeltas.merge(row[invoice], new BigDecimal(row[billed]), BigDecimal::add);
        }
        assertThat(focus).hasSize(1 + 6);
        assertThat(focusDeltas).containsExactlyEntriesOf(new TreeMap<>(Map.of("C-1001-2026-10-USD",
                new BigDecimal("-79.69"), "C-1002-2026-10-EUR", new BigDecimal("-5.98"))));
    }

    @Test
    void focusPassesTheFocus12ChecksOnTheMonthAndOnItsCorrection() throws Exception {
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        // the month: BilledCost per InvoiceId is the invoice's total in invoices.xml
        List<Map<String, String>> month = FocusConformance.check(rev(1).resolve("focus.csv"), false);
        assertThat(FocusConformance.billedPerInvoice(month))
                .isEqualTo(FocusConformance.invoiceTotals(rev(1).resolve("invoices.xml"), PERIOD)).hasSize(3);
        assertThat(month).extracting(r -> r.get("BillingAccountId")).containsOnly("C-1001", "C-1002", "C-1003");
        // every service the sandbox bills has its own category: nothing AWS bills falls back to Other but Tax
        assertThat(month).filteredOn(r -> r.get("ServiceCategory").equals("Other"))
                .extracting(r -> r.get("ServiceName")).containsOnly("Tax", "Managed cloud operations fee",
                        "Onboarding credit");
        // custom line items recur as the demo's pricing rules say
        assertThat(month).filteredOn(r -> r.get("ServiceName").equals("Managed cloud operations fee"))
                .extracting(r -> r.get("ChargeFrequency")).containsExactly("Recurring");
        assertThat(month).filteredOn(r -> r.get("ServiceName").equals("Onboarding credit"))
                .extracting(r -> r.get("ChargeFrequency")).containsExactly("One-Time");
        // the correction: only Correction rows, adding up per invoice to the deltas of corrections.xml
        List<Map<String, String>> correction = FocusConformance.check(rev(2).resolve("focus.csv"), true);
        assertThat(FocusConformance.billedPerInvoice(correction))
                .isEqualTo(FocusConformance.correctionDeltas(rev(2).resolve("corrections.xml")));
        // an empty correction is a valid, empty dataset
        assertThat(FocusConformance.check(rev(3).resolve("focus.csv"), true)).isEmpty();
    }

    @Test
    void aRerunWithNothingNewWritesAnEmptyCorrectionAndSaysSo() throws Exception {
        assertThat(rerunAgain.exitCode()).as(rerunAgain.toString()).isZero();
        assertThat(rerunAgain.out()).contains("rev-3: COMPLETED", "correction of rev-2: no change, empty correction "
                + "written");
        JsonNode manifest = ExportContract.verify(rev(3));
        assertThat(manifest.get("kind").asText()).isEqualTo("correction");
        assertThat(manifest.get("corrects").asInt()).isEqualTo(2);
        assertThat(manifest.get("correction").get("changedLines").asInt()).isZero();
        assertThat(corrections(rev(3))).isEmpty();
        validate(rev(3).resolve("corrections.xml"));
        assertThat(Files.readString(rev(3).resolve("corrections.xml"))).doesNotContain("<note");
        assertThat(Files.readAllBytes(rev(3).resolve("invoice-lines.csv")))
                .isEqualTo(Files.readAllBytes(rev(2).resolve("invoice-lines.csv")));
    }

    @Test
    void diffShowsTheNumbersOfTheCorrection() throws Exception {
        assertThat(diff.exitCode()).as(diff.toString()).isZero();
        JsonNode changes = JSON.readTree(diff.out());
        assertThat(changes.get("changedLines").asInt()).isEqualTo(6);
        Map<String, List<String>> fromDiff = new TreeMap<>();
        Map<String, String> customerDeltas = new TreeMap<>();
        for (JsonNode customer : changes.get("customers")) {
            customerDeltas.put(customer.get("customerId").asText(), customer.get("delta").asText());
            for (JsonNode line : customer.get("lines")) {
                assertThat(new BigDecimal(line.get("awsCostDelta").asText())).as("line %s: AWS charged otherwise",
                        line.get("lineId").asText()).isNotZero();
                assertThat(line.get("cause").asText()).isEqualTo("aws-data");
                fromDiff.put(line.get("lineId").asText(), List.of(customer.get("customerId").asText(),
                        line.get("amountBefore").asText(), line.get("amountNow").asText(), line.get("delta").asText()));
            }
        }
        Map<String, List<String>> fromCsv = new TreeMap<>();
        for (Correction c : corrections(rev(2))) {
            fromCsv.put(c.lineId(), List.of(c.customerId(), c.amountBefore().toPlainString(),
                    c.amountNow().toPlainString(), c.delta().toPlainString()));
        }
        assertThat(fromDiff).isEqualTo(fromCsv);
        assertThat(customerDeltas).containsExactlyEntriesOf(new TreeMap<>(Map.of("C-1001", "-79.69", "C-1002",
                "-5.98")));
    }

    /** One row of corrections.csv. */
    record Correction(String lineId, String customerId, BigDecimal amountBefore, BigDecimal amountNow,
            BigDecimal delta) {
    }

    private static List<Correction> corrections(Path folder) throws Exception {
        List<String[]> rows = ExportContract.csvRows(folder.resolve("corrections.csv"));
        assertThat(rows.get(0)).containsExactly("line_id", "customer_id", "currency", "payer_account_id",
                "account_id", "account_name", "service", "charge_type", "amount_before", "amount_now", "delta", "cause",
                "rule_before", "rule_now");
        List<Correction> corrections = new ArrayList<>();
        for (String[] row : rows.subList(1, rows.size())) {
            corrections.add(new Correction(row[0], row[1], new BigDecimal(row[8]), new BigDecimal(row[9]),
                    new BigDecimal(row[10])));
        }
        return corrections;
    }

    /** line_id → amount of invoice-lines.csv. */
    private static Map<String, BigDecimal> amounts(Path folder) throws Exception {
        Map<String, BigDecimal> amounts = new HashMap<>();
        List<String[]> rows = ExportContract.csvRows(folder.resolve("invoice-lines.csv"));
        for (String[] row : rows.subList(1, rows.size())) {
            amounts.put(row[0], new BigDecimal(row[9]));
        }
        return amounts;
    }

    /** customer id → invoice total of the manifest (one currency per customer here). */
    private static Map<String, BigDecimal> totals(JsonNode manifest) {
        Map<String, BigDecimal> totals = new TreeMap<>();
        manifest.get("customers").forEach(c -> totals.put(c.get("customerId").asText(),
                new BigDecimal(c.get("total").asText())));
        return totals;
    }

    /** Validates against the project's corrections.xsd with javax.xml.validation, not the engine's own check. */
    private static void validate(Path xml) throws Exception {
        URL xsd = LateCreditsCorrectionTest.class.getResource("/com/billingengine/export/corrections.xsd");
        assertThat(xsd).isNotNull();
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.newSchema(xsd).newValidator().validate(new StreamSource(xml.toFile()));
    }

    private static String text(org.w3c.dom.Element parent, String name) {
        return parent.getElementsByTagNameNS(CorrectionFiles.NAMESPACE, name).item(0).getTextContent();
    }
}

package com.billingengine.payers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A payer's terms over time, as an operator changes them from the command line: offboarding, a new markup, a
 * customer move, suspension and resumption, each from a period on; earlier periods and their reruns keep their
 * terms. The sandbox's payers: Contoso 256388812462 (C-1001, USD), Fabrikam 967957841924 (C-1002, EUR), Tanaka
 * 285806102971 (C-1003, JPY); 2026-10 and 2026-11 are closed months.
 */
class RegistryHistoryTest {

    private static final String CONTOSO = "256388812462";
    private static final String FABRIKAM = "967957841924";
    private static final String TANAKA = "285806102971";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The shipped settings: no pricing rules, so the registry markup prices every billed line. */
    private static final String SHIPPED = Path.of("jobs", "monthly-billing.yml").toAbsolutePath().toString();

    @Test
    void anOffboardedPayerIsNotBilledAfterItsLastPeriodAndItsLastPeriodsRerunBillsItAsBefore(@TempDir Path data) {
        ok(Cli.sandbox(data, "run", "--period", "2026-10"));
        Cli.Result offboard = ok(Cli.sandbox(data, "payers", "offboard", "--payer", TANAKA, "--last-period",
                "2026-10", "--reason", "contract ended"));
        assertThat(offboard.out()).contains("payer " + TANAKA + ": version 2 from 2026-11: status ACTIVE → OFFBOARDED"
                + " (contract ended)");

        Cli.Result november = ok(Cli.sandbox(data, "run", "--period", "2026-11"));
        assertThat(november.out()).contains("payers: 2").contains("C-1001", "C-1002").doesNotContain("C-1003 ");
        Cli.Result rerun = ok(Cli.sandbox(data, "run", "--period", "2026-10", "--rerun"));
        assertThat(rerun.out()).as("no credit note for the departed customer")
                .contains("payers: 3", "C-1003", "correction of rev-1: no change, empty correction written");

        Cli.Result status = ok(Cli.sandbox(data, "status", "--period", "2026-10"));
        assertThat(status.out()).as("the terms that priced each revision and the period's registry changes")
                .contains("terms: rule set ", "registry versions 256388812462 v1, 285806102971 v1, 967957841924 v1",
                        "in the period: payer " + TANAKA + " (C-1003): 2026-10 is its last period before it is"
                                + " OFFBOARDED from 2026-11 (contract ended)");
        JsonNode statusJson = JSON.readTree(ok(Cli.sandbox(data, "status", "--period", "2026-11", "--json")).out());
        assertThat(statusJson.get(0).get("terms").asText()).contains("registry versions 256388812462 v1, 967957841924 v1");
        assertThat(statusJson.get(0).get("termChanges").get(0).asText()).contains("payer " + TANAKA,
                "OFFBOARDED from 2026-11");
        assertThat(status(data, "2026-10", TANAKA)).isEqualTo("ACTIVE");
        assertThat(status(data, "2026-11", TANAKA)).isEqualTo("OFFBOARDED");
        Cli.Result resume = Cli.sandbox(data, "payers", "resume", "--payer", TANAKA, "--from", "2027-01");
        assertThat(resume.exitCode()).as(resume.toString()).isEqualTo(3);
        assertThat(resume.err()).contains("offboarded from 2026-11");
    }

    @Test
    void aNewMarkupAndACustomerMoveFromNovemberLeaveOctoberAsItWasAndBillNovemberUnderTheNewTerms(@TempDir Path data)
            throws Exception {
        ok(Cli.sandbox(data, "--config", SHIPPED, "run", "--period", "2026-10"));
        Cli.Result markup = ok(Cli.sandbox(data, "payers", "set", "--payer", FABRIKAM, "--from", "2026-11",
                "--markup", "3"));
        assertThat(markup.out()).contains("payer " + FABRIKAM + ": version 2 from 2026-11: markup 0% → 3%");
        Cli.Result move = ok(Cli.sandbox(data, "payers", "set", "--payer", TANAKA, "--from", "2026-11",
                "--customer-id", "C-2003", "--customer-name", "Tanaka Holdings K.K."));
        assertThat(move.out()).contains("customer C-1003 (Tanaka Shoji K.K.) → C-2003 (Tanaka Holdings K.K.)");

        Cli.Result october = ok(Cli.sandbox(data, "--config", SHIPPED, "run", "--period", "2026-10", "--rerun"));
        assertThat(october.out()).contains("correction of rev-1: no change, empty correction written");

        ok(Cli.sandbox(data, "--config", SHIPPED, "run", "--period", "2026-11"));
        List<String[]> lines = csv(data.resolve("exports/2026-11/rev-1/invoice-lines.csv"));
        List<String[]> fabrikam = lines.stream().filter(l -> l[2].equals("C-1002")).toList();
        assertThat(fabrikam).isNotEmpty();
        assertThat(fabrikam.stream().filter(l -> l[12].equals("registry")).toList())
                .as("billed lines at the new registry markup").isNotEmpty().allSatisfy(l -> assertThat(l[13]).isEqualTo("3"));
        assertThat(lines).noneMatch(l -> l[2].equals("C-1003"));
        assertThat(lines.stream().filter(l -> l[2].equals("C-2003")).toList()).isNotEmpty()
                .allSatisfy(l -> assertThat(l[11]).isEqualTo("Tanaka Holdings K.K."));
        assertThat(Files.readString(data.resolve("exports/2026-11/rev-1/invoices.xml"))).contains("C-2003")
                .doesNotContain("C-1003");
        List<String[]> octoberLines = csv(data.resolve("exports/2026-10/rev-2/invoice-lines.csv"));
        assertThat(octoberLines).anyMatch(l -> l[2].equals("C-1003")).noneMatch(l -> l[2].equals("C-2003"));

        JsonNode history = JSON.readTree(ok(Cli.sandbox(data, "payers", "history", "--payer", FABRIKAM, "--json")).out());
        assertThat(history.size()).isEqualTo(2);
        assertThat(history.get(0).get("from").isNull()).isTrue();
        assertThat(history.get(0).get("markupPercent").asText()).isEqualTo("0");
        assertThat(history.get(1).get("from").asText()).isEqualTo("2026-11");
        assertThat(history.get(1).get("markupPercent").asText()).isEqualTo("3");
        assertThat(history.get(1).get("recordedAt").asText()).isNotBlank();
        assertThat(ok(Cli.sandbox(data, "payers", "history", "--payer", FABRIKAM)).out())
                .contains("since registration", "from 2026-11");
    }

    @Test
    void aSuspendedPayerIsNotBilledUntilItIsResumed(@TempDir Path data) {
        ok(Cli.sandbox(data, "payers", "suspend", "--payer", CONTOSO, "--from", "2026-11", "--reason",
                "unpaid invoices"));
        ok(Cli.sandbox(data, "payers", "resume", "--payer", CONTOSO, "--from", "2027-01"));

        assertThat(ok(Cli.sandbox(data, "run", "--period", "2026-11")).out()).contains("payers: 2")
                .doesNotContain("C-1001     Contoso");
        assertThat(ok(Cli.sandbox(data, "run", "--period", "2026-10")).out()).contains("payers: 3", "C-1001");
        assertThat(status(data, "2026-11", CONTOSO)).isEqualTo("SUSPENDED");
        assertThat(status(data, "2026-12", CONTOSO)).isEqualTo("SUSPENDED");
        assertThat(status(data, "2027-01", CONTOSO)).isEqualTo("ACTIVE");

        Cli.Result again = Cli.sandbox(data, "payers", "resume", "--payer", CONTOSO, "--from", "2027-02");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(3);
        Cli.Result backdated = Cli.sandbox(data, "payers", "set", "--payer", CONTOSO, "--from", "2026-09",
                "--markup", "2");
        assertThat(backdated.exitCode()).as(backdated.toString()).isEqualTo(3);
        assertThat(backdated.err()).contains("has a version from 2027-01");
        Cli.Result bad = Cli.sandbox(data, "payers", "set", "--payer", CONTOSO, "--from", "2027-13", "--markup", "2");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err()).contains("2027-13");
    }

    @Test
    void twoPayersOfOneCustomerMakeOneInvoiceAlsoWhenOneLeavesMidYear(@TempDir Path data) throws Exception {
        // Fabrikam's payer moves to Contoso (USD) from September: Contoso has two payers in one currency
        ok(Cli.sandbox(data, "payers", "set", "--payer", FABRIKAM, "--from", "2026-09", "--customer-id", "C-1001",
                "--customer-name", "Contoso GmbH", "--currency", "USD"));
        Cli.Result october = ok(Cli.sandbox(data, "run", "--period", "2026-10"));
        assertThat(october.out()).contains("payers: 3", "C-1001     Contoso GmbH                       353 lines")
                .doesNotContain("C-1002     Fabrikam")
                .contains("note: rule 'fabrikam-default' names customer C-1002, not billed in 2026-10");
        String xml = Files.readString(data.resolve("exports/2026-10/rev-1/invoices.xml"));
        assertThat(count(xml, "<customerId>C-1001</customerId>")).as("one invoice for both payers").isEqualTo(1);
        List<String[]> lines = csv(data.resolve("exports/2026-10/rev-1/invoice-lines.csv"));
        assertThat(lines.stream().filter(l -> l[2].equals("C-1001")).map(l -> l[3]).distinct())
                .contains(CONTOSO, FABRIKAM);

        ok(Cli.sandbox(data, "payers", "offboard", "--payer", FABRIKAM, "--last-period", "2026-10"));
        ok(Cli.sandbox(data, "run", "--period", "2026-11"));
        List<String[]> november = csv(data.resolve("exports/2026-11/rev-1/invoice-lines.csv"));
        assertThat(november.stream().filter(l -> l[2].equals("C-1001")).map(l -> l[3]).distinct().toList())
                .as("only the payer that stayed").containsOnly(CONTOSO, "");
        assertThat(count(Files.readString(data.resolve("exports/2026-11/rev-1/invoices.xml")),
                "<customerId>C-1001</customerId>")).isEqualTo(1);
        assertThat(ok(Cli.sandbox(data, "run", "--period", "2026-10", "--rerun")).out())
                .contains("no change, empty correction written");
    }

    @Test
    void importTakesNewPayersAndUnchangedRowsButRefusesAChangedRowPointingToPayersSet(@TempDir Path data,
            @TempDir Path files) throws Exception {
        ok(Cli.sandbox(data, "payers", "list"));
        String header = "payer_account_id,customer_id,customer_name,currency,role_arn,status,markup_percent\n";
        Path same = Files.writeString(files.resolve("same.csv"), header
                + CONTOSO + ",C-1001,Contoso GmbH,USD,,PENDING,0\n111122223333,C-5000,New Customer Ltd,EUR,,PENDING,2\n");
        assertThat(ok(Cli.sandbox(data, "payers", "import", same.toString())).out())
                .contains("imported 1 payer(s)", "1 already registered unchanged");
        Path changed = Files.writeString(files.resolve("changed.csv"), header
                + CONTOSO + ",C-1001,Contoso GmbH,USD,,PENDING,4\n444455556666,C-5001,Other Ltd,EUR,,PENDING,0\n");
        Cli.Result refused = Cli.sandbox(data, "payers", "import", changed.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("payer " + CONTOSO, "payers set --payer " + CONTOSO);
        assertThat(ok(Cli.sandbox(data, "payers", "list", "--json")).out()).doesNotContain("444455556666");
    }

    @Test
    void importTakesPaymentTermsWhenGivenListShowsThemAndAnActiveRowIsRefusedNamingValidate(@TempDir Path data,
            @TempDir Path files) throws Exception {
        ok(Cli.sandbox(data, "payers", "list"));
        Path terms = Files.writeString(files.resolve("terms.csv"), "payer_account_id,customer_id,customer_name,"
                + "currency,role_arn,status,payment_terms_days\n111122223333,C-5000,Net Fourteen Ltd,EUR,,PENDING,14\n"
                + "444455556666,C-5001,Default Terms Ltd,USD,,PENDING,\n");
        ok(Cli.sandbox(data, "payers", "import", terms.toString()));
        assertThat(JSON.readTree(ok(Cli.sandbox(data, "payers", "history", "--payer", "111122223333", "--json")).out())
                .get(0).get("paymentTermsDays").asInt()).isEqualTo(14);
        JsonNode listed = JSON.readTree(ok(Cli.sandbox(data, "payers", "list", "--json")).out());
        List<String> days = new ArrayList<>();
        listed.forEach(p -> days.add(p.get("payerAccountId").asText() + "=" + p.get("paymentTermsDays")));
        assertThat(days).contains("111122223333=14", "444455556666=null", CONTOSO + "=null");
        assertThat(ok(Cli.sandbox(data, "payers", "list")).out()).contains("PAYMENT TERMS")
                .containsPattern("111122223333 .* 14 days ").containsPattern("444455556666 .* 30 days \\(default\\)");
        // the same file again is unchanged; other terms in it are a change, refused pointing to payers set
        assertThat(ok(Cli.sandbox(data, "payers", "import", terms.toString())).out()).contains("imported 0 payer(s)");
        Path other = Files.writeString(files.resolve("other.csv"), "payer_account_id,customer_id,customer_name,"
                + "currency,role_arn,status,payment_terms_days\n111122223333,C-5000,Net Fourteen Ltd,EUR,,PENDING,30\n");
        Cli.Result changed = Cli.sandbox(data, "payers", "import", other.toString());
        assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(2);
        assertThat(changed.err()).contains("payers set --payer 111122223333");

        Path active = Files.writeString(files.resolve("active.csv"), "payer_account_id,customer_id,customer_name,"
                + "currency,role_arn,status\n777788889999,C-5002,Never Validated Ltd,EUR,,ACTIVE\n");
        Cli.Result refused = Cli.sandbox(data, "payers", "import", active.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains(active + " line 2: status ACTIVE is refused",
                "`payers validate --payer 777788889999`");
        assertThat(ok(Cli.sandbox(data, "payers", "list", "--json")).out()).doesNotContain("777788889999");
    }

    @Test
    void aPayerAddedSuspendedIsNotBilledWhenResumedUntilValidated(@TempDir Path data) {
        ok(Cli.sandbox(data, "payers", "add", "--payer", "444455556666", "--customer-id", "C-5001", "--customer-name",
                "Paused Ltd", "--currency", "USD", "--status", "SUSPENDED"));
        assertThat(status(data, "2026-10", "444455556666")).isEqualTo("SUSPENDED");
        ok(Cli.sandbox(data, "payers", "resume", "--payer", "444455556666", "--from", "2026-10"));
        assertThat(status(data, "2026-10", "444455556666")).as("resumed, never validated").isEqualTo("PENDING");
        assertThat(ok(Cli.sandbox(data, "run", "--period", "2026-10")).out()).contains("payers: 3")
                .doesNotContain("C-5001");
    }

    @Test
    void theNewCommandsSayWhatTheyDo() {
        assertThat(Cli.run("payers", "set", "--help").out()).contains("--from", "--markup", "--customer-id",
                "Periods before --from keep their terms");
        assertThat(Cli.run("payers", "suspend", "--help").out()).contains("--from", "--reason", "Stops billing a payer");
        assertThat(Cli.run("payers", "resume", "--help").out()).contains("--from");
        assertThat(Cli.run("payers", "offboard", "--help").out()).contains("--last-period", "never after",
                "Reruns of its periods");
        assertThat(Cli.run("payers", "history", "--help").out()).contains("--json", "versions");
        assertThat(Cli.run("payers", "list", "--help").out()).contains("--period");
        assertThat(Cli.run("run", "--help").out()).contains("--reprice", "cause");
    }

    private static String status(Path data, String period, String payer) {
        JsonNode payers = JSON.readTree(ok(Cli.sandbox(data, "payers", "list", "--period", period, "--json")).out());
        for (JsonNode p : payers) {
            if (p.get("payerAccountId").asText().equals(payer)) {
                return p.get("status").asText();
            }
        }
        throw new AssertionError("payer " + payer + " not listed for " + period);
    }

    private static List<String[]> csv(Path file) throws Exception {
        try (var reader = new com.opencsv.CSVReader(Files.newBufferedReader(file))) {
            List<String[]> rows = new ArrayList<>(reader.readAll());
            rows.remove(0);
            return rows;
        }
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }
}

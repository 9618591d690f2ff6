package com.billingengine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;
import com.billingengine.export.ExportContract;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The monthly job end to end on the embedded default (sandbox + H2), through the command line. */
class MonthlyBillingJobTest {

    static final String PERIOD = Cli.lastMonth();

    @TempDir
    static Path baselineDir;

    static Cli.Result baseline;

    @BeforeAll
    static void uninterruptedRun() {
        baseline = Cli.run("--data-dir", baselineDir.toString(), "--sandbox", "run", "--period", PERIOD);
    }

    static Path export(Path dataDir, int revision) {
        return dataDir.resolve("exports").resolve(PERIOD).resolve("rev-" + revision);
    }

    static void assertSameInvoices(Path dataDir) throws Exception {
        for (String file : List.of("invoice-lines.csv", "invoices.xml")) {
            assertThat(ExportContract.bytes(export(dataDir, 1).resolve(file))).as(file)
                    .isEqualTo(ExportContract.bytes(export(baselineDir, 1).resolve(file)));
        }
    }

    @Test
    void sandboxRunPrintsASummaryAndExportsTheContract() throws Exception {
        assertThat(baseline.exitCode()).as(baseline.toString()).isZero();
        assertThat(baseline.out()).contains("Billing run " + PERIOD + " rev-1: COMPLETED", "payers: 3",
                "Cost Explorer requests", "invoices:", "export: ");
        JsonNode manifest = ExportContract.verify(export(baselineDir, 1));
        assertThat(manifest.get("period").asText()).isEqualTo(PERIOD);
        assertThat(manifest.get("revision").asInt()).isEqualTo(1);
        assertThat(manifest.get("estimated").asBoolean()).isFalse();
        assertThat(baselineDir.resolve("exports").resolve(PERIOD).toFile().list()).containsExactly("rev-1");
    }

    @Test
    void costExplorerRequestsArePlannedPerRecordType() {
        // per payer: one MONTHLY request finds the record types (and is the month total reconciliation checks), then
        // one query per record type and its pages; a plan per account would need 12 × 11 = 132 requests per payer
        var line = baseline.out().lines().filter(l -> l.contains("Cost Explorer requests")).findFirst().orElseThrow();
        int requests = Integer.parseInt(line.replaceAll(".*Cost Explorer requests: (\\d+).*", "$1"));
        assertThat(requests).isBetween(3 * 13, 3 * 21);
    }

    @Test
    void aCompletedPeriodIsRefusedAndRerunMakesTheNextRevision(@TempDir Path dataDir) throws Exception {
        assertThat(Cli.run("--data-dir", dataDir.toString(), "--sandbox", "run", "--period", PERIOD).exitCode()).isZero();
        byte[] firstCsv = ExportContract.bytes(export(dataDir, 1).resolve("invoice-lines.csv"));

        Cli.Result again = Cli.run("--data-dir", dataDir.toString(), "--sandbox", "run", "--period", PERIOD);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(3);
        assertThat(again.err()).contains("already completed", "--rerun");

        Cli.Result rerun = Cli.run("--data-dir", dataDir.toString(), "--sandbox", "run", "--period", PERIOD, "--rerun");
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        ExportContract.verify(export(dataDir, 2));
        assertThat(ExportContract.bytes(export(dataDir, 1).resolve("invoice-lines.csv"))).isEqualTo(firstCsv);

        Cli.Result status = Cli.run("--data-dir", dataDir.toString(), "status", "--period", PERIOD, "--json");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        JsonNode runs = JsonMapper.builder().build().readTree(status.out());
        assertThat(runs.size()).isEqualTo(2);
        List<String> steps = new ArrayList<>();
        runs.get(0).get("steps").forEach(s -> steps.add(s.get("name").asText()));
        assertThat(steps).containsExactly("payerDiscovery", "accountListing", "costExtraction", "invoiceLines",
                "reconciliation", "erpExport", "financeReport", "erpDelivery");
        assertThat(runs.get(0).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(runs.get(0).get("steps").get(2).get("writeCount").asLong()).isPositive();
    }

    @Test
    void throttlingAndServerErrorsStillGiveTheSameBytes(@TempDir Path dataDir) throws Exception {
        Cli.Result faulty = Cli.run("--data-dir", dataDir.toString(), "--sandbox", "--sandbox-faults",
                "throttle=0.3,error=0.1", "run", "--period", PERIOD);
        assertThat(faulty.exitCode()).as(faulty.toString()).isZero();
        assertSameInvoices(dataDir);
    }

    @Test
    void aPayerWhoseCallsAlwaysFailFailsTheJobNamingItAndRestartFinishes(@TempDir Path dataDir) throws Exception {
        String payer;
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults())) {
            payer = sandbox.payers().get(1).accountId();
        }
        Cli.Result failed = Cli.run("--data-dir", dataDir.toString(), "--sandbox", "--sandbox-faults",
                "fail=" + payer, "run", "--period", PERIOD);
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.out()).contains("payer " + payer + ": Organizations ListAccounts failed with", "HTTP 503");
        assertThat(export(dataDir, 1)).doesNotExist();

        Cli.Result restarted = Cli.run("--data-dir", dataDir.toString(), "--sandbox", "restart", "--period", PERIOD);
        assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
        assertSameInvoices(dataDir);
    }

    @Test
    void estimatedDataIsRefusedUnlessAllowed(@TempDir Path dataDir) throws Exception {
        Cli.Result refused = Cli.run("--data-dir", dataDir.toString(), "--sandbox", "--sandbox-estimated", "run",
                "--period", PERIOD);
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.out() + refused.err()).contains("estimated", "--allow-estimated");
        assertThat(export(dataDir, 1)).doesNotExist();

        Cli.Result provisional = Cli.run("--data-dir", dataDir.toString(), "--sandbox", "--sandbox-estimated", "run",
                "--period", PERIOD, "--allow-estimated");
        assertThat(provisional.exitCode()).as(provisional.toString()).isZero();
        assertThat(ExportContract.verify(export(dataDir, 1)).get("estimated").asBoolean()).isTrue();
    }
}

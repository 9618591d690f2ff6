package com.billingengine.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every cent reconciles on the sandbox, and a corrupted staged line stops the job before the export. */
class ReconciliationTest {

    private static final String PERIOD = Cli.lastMonth();

    @Test
    void theSandboxMonthReconcilesToZeroAndTheManifestSaysSo(@TempDir Path dataDir) throws Exception {
        Cli.Result run = Cli.run("--data-dir", dataDir.toString(), "--sandbox", "run", "--period", PERIOD);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode manifest = manifest(dataDir);
        assertThat(manifest.get("reconciliation").size()).isEqualTo(3);
        for (JsonNode payer : manifest.get("reconciliation")) {
            assertThat(new BigDecimal(payer.get("difference").asText())).isZero();
            assertThat(new BigDecimal(payer.get("costExplorerTotal").asText()))
                    .isEqualByComparingTo(payer.get("stagedTotal").asText()).isPositive();
        }
        // Cost Explorer's side is the month total costExtraction's planning request recorded, not a request of its own
        try (Connection db = h2(dataDir); ResultSet rs = db.createStatement().executeQuery(
                "SELECT payer_account_id, unblended_cost FROM cost_explorer_month ORDER BY payer_account_id")) {
            for (JsonNode payer : manifest.get("reconciliation")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(payer.get("payerAccountId").asText());
                assertThat(rs.getBigDecimal(2)).isEqualByComparingTo(payer.get("costExplorerTotal").asText());
            }
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void aMonthStagedWithoutItsRecordedTotalAsksCostExplorerForIt(@TempDir Path dataDir) throws Exception {
        // staged (estimated data stops the run at invoiceLines), then the recorded totals lost, as for a month
        // staged by a version that did not record them
        Cli.Result first = Cli.run("--data-dir", dataDir.toString(), "--sandbox", "--sandbox-estimated", "run",
                "--period", PERIOD);
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(1);
        try (Connection db = h2(dataDir)) {
            assertThat(db.createStatement().executeUpdate("DELETE FROM cost_explorer_month")).isEqualTo(3);
        }

        Cli.Result restart = Cli.run("--data-dir", dataDir.toString(), "--sandbox", "--sandbox-estimated", "restart",
                "--period", PERIOD, "--allow-estimated");
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        JsonNode manifest = manifest(dataDir);
        assertThat(manifest.get("reconciliation").size()).isEqualTo(3);
        for (JsonNode payer : manifest.get("reconciliation")) {
            assertThat(new BigDecimal(payer.get("difference").asText())).isZero();
            assertThat(new BigDecimal(payer.get("costExplorerTotal").asText())).isPositive();
        }
    }

    private static JsonNode manifest(Path dataDir) {
        return JsonMapper.builder().build()
                .readTree(dataDir.resolve("exports/" + PERIOD + "/rev-1/manifest.json").toFile());
    }

    private static Connection h2(Path dataDir) throws java.sql.SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("db/billing") + ";AUTO_SERVER=TRUE", "sa",
                "");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"7, 5, 8, 10", "2026, 2, 25, 40"})
    void otherSandboxScenariosReconcileToo(long seed, int payers, int accounts, int services, @TempDir Path dataDir) {
        Cli.Result run = Cli.run("--data-dir", dataDir.toString(), "--sandbox", "--sandbox-seed", Long.toString(seed),
                "--sandbox-payers", Integer.toString(payers), "--sandbox-accounts", Integer.toString(accounts),
                "--sandbox-services", Integer.toString(services), "run", "--period", PERIOD);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("payers: " + payers, "COMPLETED");
    }

    @Test
    void aCorruptedStagedLineFailsTheJobNamingThePayerAndTheDifference(@TempDir Path dataDir) throws Exception {
        // estimated data stops the first run at invoiceLines, after costExtraction committed the staged lines
        Cli.Result first = Cli.run("--data-dir", dataDir.toString(), "--sandbox", "--sandbox-estimated", "run",
                "--period", PERIOD);
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(1);

        String payer;
        try (Connection db = h2(dataDir)) {
            try (ResultSet rs = db.createStatement().executeQuery(
                    "SELECT payer_account_id FROM cost_line ORDER BY payer_account_id, account_id, service, usage_date LIMIT 1")) {
                rs.next();
                payer = rs.getString(1);
            }
            try (PreparedStatement corrupt = db.prepareStatement("UPDATE cost_line SET unblended_cost = unblended_cost + 0.01"
                    + " WHERE payer_account_id = ? AND (account_id, service, usage_date, record_type) IN"
                    + " (SELECT account_id, service, usage_date, record_type FROM cost_line WHERE payer_account_id = ?"
                    + " ORDER BY account_id, service, usage_date, record_type LIMIT 1)")) {
                corrupt.setString(1, payer);
                corrupt.setString(2, payer);
                assertThat(corrupt.executeUpdate()).isEqualTo(1);
            }
        }

        Cli.Result restart = Cli.run("--data-dir", dataDir.toString(), "--sandbox", "--sandbox-estimated", "restart",
                "--period", PERIOD, "--allow-estimated");
        assertThat(restart.exitCode()).as(restart.toString()).isEqualTo(1);
        assertThat(restart.out()).contains("reconciliation", "payer " + payer, "difference -0.01 USD");
        assertThat(dataDir.resolve("exports/" + PERIOD + "/rev-1")).doesNotExist();
    }
}

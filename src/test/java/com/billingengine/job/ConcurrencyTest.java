package com.billingengine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;
import com.billingengine.sandbox.SandboxPayer;

/**
 * Concurrency that scales, against the sandbox with latency (requests take time, so they overlap): many payers at
 * once on PostgreSQL bill the bytes of two at a time with the same requests; a concurrency the database cannot
 * serve is refused before anything starts; Cost Explorer throttling half the requests slows the run, never fails
 * it; and `check` asks for its payers in parallel with the output of a sequential check. No wall-clock assertions:
 * overlap is what the sandbox saw in flight at once.
 */
class ConcurrencyTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String PERIOD = Cli.lastMonth();
    private static final List<String> FILES = List.of("invoice-lines.csv", "invoices.xml", "focus.csv");
    /** Enough payers for 48 partitions at once, small ones, 20 ms a request. */
    private static final SandboxOptions MANY = SandboxOptions.defaults().withSize(56, 2, 3).withLatencyMs(20);

    private final List<String> databases = new ArrayList<>();

    @AfterEach
    void dropDatabases() throws SQLException {
        for (String database : databases) {
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private String database() throws SQLException {
        String database = "billing_conc_" + Long.toHexString(System.nanoTime());
        execute("CREATE DATABASE " + database);
        databases.add(database);
        return database;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** One engine command against the sandbox; {@code database} null: the data dir's H2. */
    private static Cli.Result command(AwsSandbox sandbox, Path dataDir, String database, Path config,
            String... command) throws Exception {
        Files.createDirectories(dataDir);
        Path token = dataDir.resolve("token.jwt");
        Files.writeString(token, sandbox.webIdentityToken());
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "--aws-endpoint",
                sandbox.endpoint().toString(), "--auth-mode", "token-file", "--token-file", token.toString(),
                "--config", config.toString()));
        if (database != null) {
            all.addAll(List.of("--db-url", SERVER + database, "--db-user", "postgres"));
        }
        all.addAll(List.of(command));
        return Cli.run(all.toArray(String[]::new));
    }

    private static void importPayers(AwsSandbox sandbox, Path dataDir, String database, Path config)
            throws Exception {
        StringBuilder csv = new StringBuilder("payer_account_id,customer_id,customer_name,currency,role_arn,status\n");
        for (SandboxPayer p : sandbox.payers()) {
            csv.append(p.accountId()).append(',').append(p.customerId()).append(",\"").append(p.customerName())
                    .append("\",").append(p.currency()).append(',').append(p.roleArn()).append(",PENDING\n");
        }
        Files.createDirectories(dataDir);
        Path payers = Files.writeString(dataDir.resolve("payers.csv"), csv);
        Cli.Result imported = command(sandbox, dataDir, database, config, "payers", "import", payers.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        // validated on a healthy twin: the requests the test counts are the run's
        try (AwsSandbox twin = AwsSandbox.start(com.billingengine.identity.SandboxRegistry.healthy(sandbox.options()))) {
            Cli.Result validated = command(twin, dataDir, database, config, "payers", "validate", "--pending");
            assertThat(validated.exitCode()).as(validated.toString()).isZero();
        }
    }

    private static Path config(Path dir, String name, String job) throws Exception {
        return Files.writeString(Files.createDirectories(dir).resolve(name + ".yml"), "billing:\n" + job);
    }

    private record Billed(Map<String, byte[]> files, long requests, int peakInFlight, String out) {
    }

    private static Billed bill(SandboxOptions scenario, Path dataDir, String database, Path config) throws Exception {
        try (AwsSandbox sandbox = AwsSandbox.start(scenario)) {
            importPayers(sandbox, dataDir, database, config);
            Cli.Result run = command(sandbox, dataDir, database, config, "run", "--period", PERIOD);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains(PERIOD + " rev-1: COMPLETED");
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (String file : FILES) {
                files.put(file, Files.readAllBytes(MonthlyBillingJobTest.export(dataDir, 1).resolve(file)));
            }
            long requests = 0;
            for (SandboxPayer payer : sandbox.payers()) {
                requests += sandbox.requestCount("GetCostAndUsage", payer.accountId());
            }
            return new Billed(files, requests, sandbox.costExplorerPeakInFlight(), run.out());
        }
    }

    private static void assertSameBytes(Billed actual, Billed expected) {
        for (String file : FILES) {
            assertThat(actual.files().get(file)).as(file).isEqualTo(expected.files().get(file));
        }
    }

    @Test
    void concurrency48OnPostgresBillsTheBytesOfConcurrency2WithTheSameRequests(@TempDir Path tmp) throws Exception {
        Billed two = bill(MANY, tmp.resolve("two"), database(),
                config(tmp, "two", "  job:\n    concurrency: 2\n"));
        Billed many = bill(MANY, tmp.resolve("many"), database(),
                config(tmp, "many", "  job:\n    concurrency: 48\n"));
        assertSameBytes(many, two);
        assertThat(many.requests()).as("Cost Explorer requests do not depend on concurrency")
                .isEqualTo(two.requests());
        // two payers at a time have at most 2 × 4 queries in flight; 48 payers many more
        assertThat(two.peakInFlight()).isLessThanOrEqualTo(2 * 4);
        assertThat(many.peakInFlight()).as("requests in flight at once").isGreaterThan(2 * 4);
    }

    @Test
    void aConcurrencyTheDatabaseCannotServeIsRefusedBeforeAnythingStarts(@TempDir Path tmp) throws Exception {
        int max;
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW max_connections")) {
            rs.next();
            max = Integer.parseInt(rs.getString(1));
        }
        String database = database();
        Path config = config(tmp, "too-many", "  job:\n    concurrency: " + max + "\n");
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults())) {
            Cli.Result run = command(sandbox, tmp.resolve("data"), database, config, "run", "--period", PERIOD);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).contains("too-many.yml", "billing.job.concurrency: " + max + " needs up to "
                    + (max + 4) + " database connections", "PostgreSQL's max_connections is " + max);
            assertThat(sandbox.requestCount("GetCostAndUsage")).isZero();
            // a command that runs no job takes a connection or two, whatever the concurrency: not refused
            Cli.Result list = command(sandbox, tmp.resolve("data"), database, config, "payers", "list");
            assertThat(list.exitCode()).as(list.toString()).isZero();
        }
        assertThat(tmp.resolve("data").resolve("exports")).doesNotExist();
    }

    @Test
    void halfTheRequestsThrottledTheRunCompletesWithTheBytesOfACleanOneAndCountsTheThrottles(@TempDir Path tmp)
            throws Exception {
        SandboxOptions latent = SandboxOptions.defaults().withLatencyMs(5);
        Path metrics = tmp.resolve("billing.prom");
        Path config = config(tmp, "throttled", "  job:\n    concurrency: 4\n  metrics:\n    textfile: " + metrics + "\n");
        Billed clean = bill(latent, tmp.resolve("clean"), null, config);
        assertThat(clean.out()).doesNotContain("throttled");
        Billed throttled = bill(latent.withFaults("throttle=0.5"), tmp.resolve("throttled"), null, config);
        assertSameBytes(throttled, clean);
        assertThat(throttled.out()).containsPattern("Cost Explorer requests: \\d+ \\(USD [0-9.]+\\), throttled: [1-9]");
        assertThat(Files.readString(metrics)).containsPattern("billing_run_cost_explorer_throttles\\{[^}]*\\} [1-9]");
    }

    @Test
    void checkOfManyPayersAsksThemInParallelWithTheOutputOfASequentialCheck(@TempDir Path tmp) throws Exception {
        SandboxOptions scenario = SandboxOptions.defaults().withSize(12, 2, 3).withLatencyMs(50);
        Path one = config(tmp, "one", "  job:\n    concurrency: 1\n");
        Path eight = config(tmp, "eight", "  job:\n    concurrency: 8\n");
        Path dataDir = tmp.resolve("data");
        bill(scenario, dataDir, null, eight);
        String sequential;
        try (AwsSandbox sandbox = AwsSandbox.start(scenario)) {
            Cli.Result check = command(sandbox, dataDir, null, one, "check", "--period", PERIOD);
            assertThat(check.exitCode()).as(check.toString()).isZero();
            assertThat(sandbox.costExplorerPeakInFlight()).as("one payer at a time").isEqualTo(1);
            sequential = check.out();
        }
        try (AwsSandbox sandbox = AwsSandbox.start(scenario)) {
            Cli.Result check = command(sandbox, dataDir, null, eight, "check", "--period", PERIOD);
            assertThat(check.exitCode()).as(check.toString()).isZero();
            assertThat(sandbox.costExplorerPeakInFlight()).as("payers asked at once").isGreaterThan(1);
            assertThat(check.out()).isEqualTo(sequential);
        }
    }
}

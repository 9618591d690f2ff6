package com.billingengine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;

/**
 * Fencing: a process frozen past its lease (SIGSTOP, a VM paused), whose run another host then took over and
 * published, must not publish when it wakes. Reached deterministically: the export pauses after each file it writes
 * aside; while it pauses, the lease is taken over as another host's restart does (another owner, fresh) and that
 * host's rev-1 is put in place. The paused process then refuses to move its folder in: exit 3 with one line naming
 * the holder, the other host's folder untouched, no finance report written into it.
 */
class LeaseFenceTest {

    private static final String PERIOD = Cli.lastMonth();

    @TempDir
    Path dataDir;

    @TempDir
    Path configDir;

    @Test
    void aProcessThatLostItsLeaseWhileExportingPublishesNothing() throws Exception {
        Path config = Files.writeString(configDir.resolve("monthly-billing.yml"), """
                billing:
                  exchange-rates: "%s"
                  export:
                    pause-ms: 1500
                """.formatted(Path.of("jobs", "exchange-rates.csv").toAbsolutePath()));
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.sandbox(dataDir, "--config",
                config.toString(), "run", "--period", PERIOD));

        Path exports = dataDir.resolve("exports").resolve(PERIOD);
        awaitFile(exports.resolve(".rev-1.partial").resolve("invoice-lines.csv"), run);
        // what another host's `restart` does once the lease expired: takes the lease, then publishes rev-1
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("db/billing")
                + ";AUTO_SERVER=TRUE", "sa", ""); Statement s = c.createStatement()) {
            s.execute("UPDATE billing_run SET owner_id = 'owner-on-another-host', host = 'billing-agent-7', pid = 4242,"
                    + " lease_expires_at = CURRENT_TIMESTAMP + INTERVAL '10' MINUTE");
        }
        Path theirs = Files.createDirectories(exports.resolve("rev-1"));
        Files.writeString(theirs.resolve("manifest.json"), "published by billing-agent-7\n");

        Cli.Result fenced = run.get(3, TimeUnit.MINUTES);
        assertThat(fenced.exitCode()).as(fenced.toString()).isEqualTo(3);
        assertThat(fenced.err()).contains("lost its lease", "billing-agent-7 pid 4242",
                "stopped before publishing anything", "status --period " + PERIOD);
        assertThat(fenced.err().lines().filter(l -> !l.isBlank())).as("one line, no trace").hasSize(1);
        try (var files = Files.list(theirs)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("the other host's folder, untouched")
                    .containsExactly("manifest.json");
        }
        assertThat(Files.readString(theirs.resolve("manifest.json"))).isEqualTo("published by billing-agent-7\n");
    }

    private static void awaitFile(Path file, CompletableFuture<Cli.Result> run) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!Files.exists(file)) {
            if (run.isDone()) {
                throw new AssertionError("the run ended before it exported: " + run.get());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + file + " within 2 minutes");
            }
            Thread.sleep(20);
        }
    }
}

package com.billingengine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;

/**
 * While a run of a period is in progress in one process, a second `run` or `restart` of it is refused (exit 3),
 * from this host or any other: the first run's lease, renewed by its heartbeat, is what says it lives.
 */
class InProgressIT {

    private static final String PERIOD = Cli.lastMonth();

    private static ProcessBuilder engine(Path dataDir, String out, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("billing.jar"), "--data-dir", dataDir.toString(), "--sandbox"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dataDir.resolve(out).toFile());
    }

    @Test
    void aSecondRunAndARestartOfARunningPeriodAreRefused(@TempDir Path dataDir) throws Exception {
        // 1.5 s per AWS call, a payer's queries one at a time, keeps the first run busy far longer than three more
        // JVMs need (four queries at a time, the default, it completed before the third on a loaded machine); it is
        // killed afterwards
        ProcessBuilder slow = engine(dataDir, "first.out", "--sandbox-latency-ms", "1500", "run", "--period", PERIOD);
        slow.environment().put("BILLING_COSTS_QUERIES_PER_PAYER", "1");
        Process first = slow.start();
        try {
            Path log = dataDir.resolve("logs/billing-engine.log");
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (!(Files.exists(log) && Files.readString(log).contains("CostLineReader - payer"))) {
                assertThat(Instant.now()).as("the first run reached costExtraction").isBefore(deadline);
                assertThat(first.isAlive()).isTrue();
                Thread.sleep(50);
            }
            Process second = engine(dataDir, "second.out", "run", "--period", PERIOD).start();
            assertThat(second.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(second.exitValue()).isEqualTo(3);
            assertThat(Files.readString(dataDir.resolve("second.out"))).contains("in progress", "pid " + first.pid());

            Process restart = engine(dataDir, "restart.out", "restart", "--period", PERIOD).start();
            assertThat(restart.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(restart.exitValue()).isEqualTo(3);
            assertThat(Files.readString(dataDir.resolve("restart.out"))).contains("in progress");

            // liveness is the lease alone: were the first run on another host, a restart, even forced, is refused
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("db/billing")
                    + ";AUTO_SERVER=TRUE", "sa", ""); Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("UPDATE billing_run SET host = 'another-host'")).isEqualTo(1);
            }
            Process forced = engine(dataDir, "forced.out", "restart", "--period", PERIOD, "--force").start();
            assertThat(forced.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(forced.exitValue()).isEqualTo(3);
            assertThat(Files.readString(dataDir.resolve("forced.out")))
                    .contains("in progress", "held by another-host pid " + first.pid() + " until");
            assertThat(first.isAlive()).as("the refused commands left the first run alone").isTrue();
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
    }
}

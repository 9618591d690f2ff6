package com.billingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (or Ctrl-C) during a run: one line saying how to continue, never the closed connection pool that the
 * interrupted job then meets; and the run does continue with that command.
 */
class StoppedRunTest {

    private static final String PERIOD = Cli.lastMonth();

    @TempDir
    Path tmp;

    @Test
    void aSignalledRunSaysHowToContinueAndRestartFinishesIt() throws Exception {
        Path data = tmp.resolve("data");
        Path config = Files.writeString(tmp.resolve("billing.yml"), "billing:\n  job:\n    lease-seconds: 3\n");
        Path err = tmp.resolve("err.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "com.billingengine.BillingEngineApplication",
                "--data-dir", data.toString(), "--config", config.toString(), "--sandbox", "--sandbox-latency-ms", "30",
                "run", "--period", PERIOD));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("BILLING_"));
        Process run = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Path log = data.resolve("logs").resolve("billing-engine.log"); // the per-page lines go to the log file only
        while (!(Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("CostLineReader"))
                && run.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(run.isAlive()).as("the run is part-way through costExtraction").isTrue();
        run.destroy(); // SIGTERM
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String console = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(console).contains("stopped; continue with `billing-engine restart --period " + PERIOD + "`")
                .doesNotContain("HikariDataSource", "has been closed", "\tat ", "Caused by");
        assertThat(Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8)).as("no summary of a stopped run")
                .doesNotContain("FAILED");

        Thread.sleep(3_500); // the stopped run's lease expires
        Cli.Result restart = Cli.sandbox(data, "--config", config.toString(), "restart", "--period", PERIOD);
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertThat(restart.out()).contains("COMPLETED");
    }
}

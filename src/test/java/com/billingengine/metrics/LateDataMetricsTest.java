package com.billingengine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;

/**
 * The daily check's exit 4 reaches people through monitoring: `check` writes billing_period_changed_since_invoiced
 * beside the run's textfile (never over it), 0 while the period is unchanged and 1 once late credits arrived.
 */
class LateDataMetricsTest {

    private static final String PERIOD = Cli.lastMonth();

    @Test
    void theCheckWritesWhetherThePeriodChangedSinceItWasInvoiced(@TempDir Path dataDir) throws Exception {
        Path textfile = dataDir.resolve("node-exporter").resolve("billing.prom");
        Path config = dataDir.resolve("monitoring.yml");
        Files.writeString(config, "billing:\n  metrics:\n    textfile: " + textfile + "\n");
        String series = "billing_period_changed_since_invoiced{period=\"" + PERIOD + "\",revision=\"1\"}";
        Cli.Result run = Cli.run("--data-dir", dataDir.toString(), "--config", config.toString(), "--sandbox", "run",
                "--period", PERIOD);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String runMetrics = Files.readString(textfile);

        Cli.Result unchanged = Cli.run("--data-dir", dataDir.toString(), "--config", config.toString(), "--sandbox",
                "check", "--period", PERIOD);
        assertThat(unchanged.exitCode()).as(unchanged.toString()).isZero();
        String text = Files.readString(dataDir.resolve("node-exporter").resolve("billing-check.prom"));
        RunMetricsTest.promtoolAccepts(text);
        assertThat(RunMetricsTest.samples(text)).containsEntry(series, 0.0);

        Cli.Result changed = Cli.run("--data-dir", dataDir.toString(), "--config", config.toString(), "--sandbox",
                "--sandbox-late-credits", "check", "--period", PERIOD);
        assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(4);
        text = Files.readString(dataDir.resolve("node-exporter").resolve("billing-check.prom"));
        RunMetricsTest.promtoolAccepts(text);
        assertThat(RunMetricsTest.samples(text)).containsEntry(series, 1.0).hasSize(1);
        assertThat(Files.readString(textfile)).as("the run's metrics stay as the run wrote them").isEqualTo(runMetrics);
    }
}

package com.billingengine.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;

/**
 * A run's exchange rates are fixed at its first attempt to price: a restart after the rates file changed bills
 * with the recorded rates, and the log says so.
 */
class RecordedRatesRestartTest {

    @Test
    void restartBillsWithTheRatesRecordedForTheRun(@TempDir Path dataDir, @TempDir Path configDir) throws Exception {
        Path rates = Files.writeString(configDir.resolve("rates.csv"), "period,currency,rate\n2026-10,EUR,0.9150\n"
                + "2026-10,JPY,149.20\n");
        Path config = RunConfig.write(configDir, "", rates);
        String[] global = {"--data-dir", dataDir.toString(), "--config", config.toString(), "--sandbox",
                "--sandbox-estimated"};

        // estimated data stops the run in invoiceLines, after it recorded its rates
        Cli.Result first = Cli.run(MultiCurrencyCustomerTest.concat(global, "run", "--period", "2026-10"));
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(1);
        assertThat(first.out()).contains("failed: invoiceLines", "estimated");

        Files.writeString(rates, "period,currency,rate\n2026-10,EUR,0.5000\n2026-10,JPY,100\n");
        Cli.Result restart = Cli.run(MultiCurrencyCustomerTest.concat(global, "restart", "--period", "2026-10",
                "--allow-estimated"));
        assertThat(restart.exitCode()).as(restart.toString()).isZero();

        List<String> csv = Files.readAllLines(dataDir.resolve("exports/2026-10/rev-1/invoice-lines.csv"));
        assertThat(csv.stream().filter(l -> l.contains(",EUR,"))).isNotEmpty().allMatch(l -> l.endsWith(",0.915"));
        assertThat(csv.stream().filter(l -> l.contains(",JPY,"))).isNotEmpty().allMatch(l -> l.endsWith(",149.2"));
        assertThat(Files.readString(dataDir.resolve("logs/billing-engine.log")))
                .contains("billing EUR at the rate recorded for this run, 0.915", "not the rates file's 0.5000 now",
                        "billing JPY at the rate recorded for this run, 149.2");
    }
}

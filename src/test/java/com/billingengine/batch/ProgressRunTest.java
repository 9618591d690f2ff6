package com.billingengine.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;

/**
 * Without a terminal (tests, cron, Jenkins) progress is logged, here at every chunk (interval 0) against never
 * (interval 3600): the log gets the progress lines of the long steps and stdout's summary stays the same.
 */
class ProgressRunTest {

    @Test
    void progressIsLoggedAndTheSummaryIsUnchanged(@TempDir Path dir) throws Exception {
        Cli.Result quiet = run(dir.resolve("quiet"), 3600);
        Cli.Result chatty = run(dir.resolve("chatty"), 0);

        List<String> progress = Files.readAllLines(dir.resolve("chatty").resolve("logs").resolve("billing-engine.log"))
                .stream().filter(l -> l.contains("ProgressListener")).toList();
        assertThat(progress).anyMatch(l -> l.matches(".* - costExtraction: payers \\d/3, [\\d,]+ cost lines, [\\d,]+"
                + " Cost Explorer pages, [\\d,]+ cost lines/s.*"));
        assertThat(progress).anyMatch(l -> l.matches(".* - costExtraction: payers [12]/3, about \\d+:\\d\\d left, .*"));
        assertThat(progress).anyMatch(l -> l.contains(" - accountListing: payers "));
        assertThat(progress).anyMatch(l -> l.contains(" - invoiceLines: "));
        // without interim lines each step still ends with one line saying what it did
        List<String> quietProgress = Files.readAllLines(dir.resolve("quiet").resolve("logs")
                .resolve("billing-engine.log")).stream().filter(l -> l.contains("ProgressListener")).toList();
        assertThat(quietProgress).hasSize(8).noneMatch(l -> l.contains(" 0 items"));
        assertThat(quietProgress.get(0)).matches(".* - payerDiscovery: 3 payers to bill \\(\\d+ s\\)");
        assertThat(quietProgress).anyMatch(l -> l.matches(".* - erpExport: \\d+ invoice lines exported .*"));

        assertThat(chatty.out().replace(dir.resolve("chatty").toString(), "DATA"))
                .isEqualTo(quiet.out().replace(dir.resolve("quiet").toString(), "DATA"))
                .doesNotContain("\r", "cost lines/s");
    }

    private static Cli.Result run(Path dataDir, int intervalSeconds) throws Exception {
        Files.createDirectories(dataDir);
        Path config = dataDir.resolve("progress.yml");
        Files.writeString(config, "billing:\n  progress:\n    interval-seconds: " + intervalSeconds + "\n");
        Cli.Result result = Cli.run("--data-dir", dataDir.toString(), "--config", config.toString(), "--sandbox",
                "run", "--period", Cli.lastMonth());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }
}

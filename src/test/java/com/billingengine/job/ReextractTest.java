package com.billingengine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;
import com.billingengine.export.ExportContract;

/**
 * Estimated → final: a run refused because Cost Explorer still marked days as estimated is finished, once the data
 * is final, by `restart --reextract` — no --allow-estimated, no database edits — and bills exactly what a clean run
 * on the final data bills. The sandbox starts per command, so without --sandbox-estimated its data is final.
 */
class ReextractTest {

    private static final String PERIOD = Cli.lastMonth();

    @TempDir
    static Path cleanDir;

    @BeforeAll
    static void cleanRunOnFinalData() {
        Cli.Result clean = Cli.run("--data-dir", cleanDir.toString(), "--sandbox", "run", "--period", PERIOD);
        assertThat(clean.exitCode()).as(clean.toString()).isZero();
    }

    private static void assertBillsLikeTheCleanRun(Path dataDir) throws Exception {
        assertThat(ExportContract.verify(MonthlyBillingJobTest.export(dataDir, 1)).get("estimated").asBoolean())
                .isFalse();
        for (String file : List.of("invoice-lines.csv", "invoices.xml", "focus.csv")) {
            assertThat(ExportContract.bytes(MonthlyBillingJobTest.export(dataDir, 1).resolve(file))).as(file)
                    .isEqualTo(ExportContract.bytes(MonthlyBillingJobTest.export(cleanDir, 1).resolve(file)));
        }
    }

    private static void refusedAsEstimated(Path dataDir) {
        Cli.Result refused = Cli.sandbox(dataDir, "--sandbox-estimated", "run", "--period", PERIOD);
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.out()).containsPattern("still marks \\d+ day\\(s\\) of " + PERIOD + " as estimated")
                .contains("restart --period " + PERIOD + " --reextract");
    }

    @Test
    void aRunRefusedAsEstimatedIsFinishedFromFinalDataWithReextract(@TempDir Path dataDir) throws Exception {
        refusedAsEstimated(dataDir);

        // a plain restart skips the completed extraction: the staged rows are still the estimated ones
        Cli.Result plain = Cli.sandbox(dataDir, "restart", "--period", PERIOD);
        assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(1);
        assertThat(plain.out()).contains("as estimated", "restart --period " + PERIOD + " --reextract");

        Cli.Result reextracted = Cli.sandbox(dataDir, "restart", "--period", PERIOD, "--reextract");
        assertThat(reextracted.exitCode()).as(reextracted.toString()).isZero();
        assertThat(reextracted.out()).contains("rev-1: COMPLETED");
        assertBillsLikeTheCleanRun(dataDir);

        // the contract's rules still hold: a completed revision is not re-extracted, it is rerun
        Cli.Result again = Cli.sandbox(dataDir, "restart", "--period", PERIOD, "--reextract");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(3);
        assertThat(again.err()).contains("completed", "--rerun");
    }

    @Test
    void aReextractionThatFailsPartWayIsFinishedByAPlainRestart(@TempDir Path dataDir) throws Exception {
        refusedAsEstimated(dataDir);

        // the re-extraction stops in costExtraction, after accountListing completed again
        Cli.Result interrupted = Cli.sandbox(dataDir, "--sandbox-faults", "fail-ce-after=6", "restart", "--period", PERIOD,
                "--reextract");
        assertThat(interrupted.exitCode()).as(interrupted.toString()).isEqualTo(1);
        assertThat(interrupted.out()).contains("costExtraction", "DataUnavailableException");

        // a plain restart continues the re-extraction: no estimated row survives, nothing is billed twice
        Cli.Result restart = Cli.sandbox(dataDir, "restart", "--period", PERIOD);
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertBillsLikeTheCleanRun(dataDir);
    }

    @Test
    void aPeriodThatNeverRanHasNothingToReextract(@TempDir Path dataDir) {
        Cli.Result never = Cli.sandbox(dataDir, "restart", "--period", PERIOD, "--reextract");
        assertThat(never.exitCode()).as(never.toString()).isEqualTo(3);
        assertThat(never.err()).contains("never run");
    }
}

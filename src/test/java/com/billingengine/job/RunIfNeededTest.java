package com.billingengine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;
import com.billingengine.export.ExportContract;

/**
 * `run --period P --if-needed`, the one command a scheduler runs every retry day: it finishes an estimated month
 * without anyone choosing between run, restart and --reextract, and does nothing once the month is billed. The
 * sandbox starts per command, so without --sandbox-estimated its data is final.
 */
class RunIfNeededTest {

    private static final String PERIOD = Cli.lastMonth();

    @Test
    void anEstimatedMonthIsFinishedByTheSameCommandOnEveryRetryDay(@TempDir Path dataDir) throws Exception {
        Cli.Result day1 = Cli.sandbox(dataDir, "--sandbox-estimated", "run", "--period", PERIOD, "--if-needed");
        assertThat(day1.exitCode()).as(day1.toString()).isEqualTo(1);
        assertThat(day1.out()).containsPattern("still marks \\d+ day\\(s\\) of " + PERIOD + " as estimated")
                .contains("restart --period " + PERIOD + " --reextract", "run --period " + PERIOD + " --if-needed");

        // still estimated the next day: read again, refused again, nothing billed
        Cli.Result day2 = Cli.sandbox(dataDir, "--sandbox-estimated-days", "2", "run", "--period", PERIOD,
                "--if-needed");
        assertThat(day2.exitCode()).as(day2.toString()).isEqualTo(1);
        assertThat(day2.out()).contains("rev-1: FAILED", "2 day(s) of " + PERIOD + " as estimated");

        // final data: a plain continuation would reuse the estimated staging (see ReextractTest); this completes
        Cli.Result day3 = Cli.sandbox(dataDir, "run", "--period", PERIOD, "--if-needed");
        assertThat(day3.exitCode()).as(day3.toString()).isZero();
        assertThat(day3.out()).contains("Billing run " + PERIOD + " rev-1: COMPLETED");
        assertThat(ExportContract.verify(MonthlyBillingJobTest.export(dataDir, 1)).get("estimated").asBoolean())
                .isFalse();

        Cli.Result day4 = Cli.sandbox(dataDir, "run", "--period", PERIOD, "--if-needed");
        assertThat(day4.exitCode()).as(day4.toString()).isZero();
        assertThat(day4.out().strip()).matches("Billing run " + PERIOD
                + " rev-1: already COMPLETED \\(job execution \\d+\\), nothing to do");
        Cli.Result status = Cli.sandbox(dataDir, "status", "--period", PERIOD);
        assertThat(status.out()).as("no second revision, no further attempt").contains("rev-1  COMPLETED")
                .contains("3 attempts").doesNotContain("rev-2");
    }

    @Test
    void aRunThatFailedForAnotherReasonIsContinuedAndAPeriodThatNeverRanIsStarted(@TempDir Path dataDir) {
        Cli.Result stopped = Cli.sandbox(dataDir, "--sandbox-faults", "fail-ce-after=6", "run", "--period", PERIOD,
                "--if-needed");
        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(1);
        assertThat(stopped.out()).contains("rev-1: FAILED", "costExtraction");

        Cli.Result continued = Cli.sandbox(dataDir, "run", "--period", PERIOD, "--if-needed");
        assertThat(continued.exitCode()).as(continued.toString()).isZero();
        assertThat(continued.out()).contains("rev-1: COMPLETED");
    }

    @Test
    void ifNeededNeverRerunsACompletedPeriod(@TempDir Path dataDir) {
        Cli.Result both = Cli.sandbox(dataDir, "run", "--period", PERIOD, "--if-needed", "--rerun");
        assertThat(both.exitCode()).as(both.toString()).isEqualTo(2);
        assertThat(both.err()).contains("--if-needed and --rerun exclude each other");
    }
}

package com.billingengine.costs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;
import com.billingengine.export.ExportContract;

/**
 * A failed run continued the next day: the page tokens its costExtraction saved have expired. With
 * --sandbox-token-max-age-seconds every sandbox start refuses the tokens of earlier ones (InvalidNextTokenException),
 * as Cost Explorer does once a token is old; the restart re-reads that query from its first page, and the upserts
 * keep the bill byte for byte a clean run's.
 */
class StalePageTokenTest {

    private static final String PERIOD = "2026-10";
    /**
     * Each payer's month takes 19 Cost Explorer requests (one MONTHLY, ten one-page record types, eight pages of
     * Usage): failing after 16 stops every payer inside its Usage query with earlier pages committed, so the saved
     * cursor holds a page token.
     */
    private static final String FAIL_INSIDE_USAGE = "fail-ce-after=16";

    @Test
    void anExpiredPageTokenRestartsItsQueryAndTheExportsStayByteIdentical(@TempDir Path cleanDir,
            @TempDir Path dataDir) throws Exception {
        Cli.Result clean = Cli.sandbox(cleanDir, "run", "--period", PERIOD);
        assertThat(clean.exitCode()).as(clean.toString()).isZero();

        Cli.Result failed = Cli.sandbox(dataDir, "--sandbox-token-max-age-seconds", "3600", "--sandbox-faults",
                FAIL_INSIDE_USAGE, "run", "--period", PERIOD);
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.out()).contains("costExtraction", "DataUnavailableException");

        // the next day: a new Cost Explorer (sandbox start) that refuses yesterday's tokens
        Cli.Result restart = Cli.sandbox(dataDir, "--sandbox-token-max-age-seconds", "3600", "restart", "--period",
                PERIOD);
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        String log = Files.readString(dataDir.resolve("logs").resolve("billing-engine.log"));
        for (String payer : List.of("256388812462", "285806102971", "967957841924")) {
            assertThat(log).contains("payer " + payer + ": query 11/11 (Usage 2026-10-01..2026-11-01): page token "
                    + "expired: re-reading from the first page");
        }
        for (String file : List.of("invoice-lines.csv", "invoices.xml", "focus.csv")) {
            assertThat(ExportContract.bytes(export(dataDir).resolve(file))).as(file)
                    .isEqualTo(ExportContract.bytes(export(cleanDir).resolve(file)));
        }
    }

    private static Path export(Path dataDir) {
        return dataDir.resolve("exports").resolve(PERIOD).resolve("rev-1");
    }
}

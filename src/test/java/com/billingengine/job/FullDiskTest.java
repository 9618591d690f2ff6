package com.billingengine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.billingengine.cli.Cli;

/**
 * The disk under the H2 database fills up while invoiceLines writes its first chunk ({@link FullDisk}): the engine
 * says so in one line on stderr (what is full, what to do), no stack trace, exit 1; once space is back, `restart`
 * finishes the run with files byte-identical to an uninterrupted run's.
 */
class FullDiskTest {

    private static final String PERIOD = "2026-10";

    @AfterEach
    void freeSpace() {
        FullDisk.freeSpace();
    }

    @Test
    void aFullDiskIsNamedAndTheRunRestartsOnceSpaceIsBack(@TempDir Path straightDir, @TempDir Path dataDir,
            @TempDir Path configDir) throws Exception {
        Cli.Result straight = Cli.sandbox(straightDir, "run", "--period", PERIOD);
        assertThat(straight.exitCode()).as(straight.toString()).isZero();

        Path config = config(configDir);
        String url = FullDisk.url(dataDir);
        FullDisk.fillWhen("INSERT INTO invoice_line");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8)); // the log's console lines go there
        Cli.Result full;
        try {
            full = Cli.run("--data-dir", dataDir.toString(), "--db-url", url, "--config", config.toString(),
                    "--sandbox", "run", "--period", PERIOD);
        } finally {
            System.setErr(stderr);
        }
        assertThat(FullDisk.isFull()).as("the disk filled during invoiceLines").isTrue();
        assertThat(full.exitCode()).as(full.toString()).isEqualTo(1);
        assertThat(full.out()).as("nothing on stdout but results").isEmpty();
        Path log = dataDir.resolve("logs").resolve("billing-engine.log").toAbsolutePath();
        assertThat(full.err()).as(full.toString()).isEqualTo("error: the disk holding " + dataDir.resolve("db")
                + " is full (No space left on device): free space there, then continue the run with"
                + " `billing-engine restart --period 2026-10`: it recovers this run once its lease has expired (3 s"
                + " after it stopped) and goes on from the last commit; until then the run shows as in progress"
                + " (details in " + log + ")\n");
        String consoleText = console.toString(StandardCharsets.UTF_8);
        assertThat(consoleText).as("no stack trace on the console").doesNotContain("\tat ", "Caused by", "Exception:");
        assertThat(Files.readString(log)).as("the full trace is in the log").contains("No space left on device",
                "\tat org.h2.");
        assertThat(folder(dataDir)).as("nothing published").doesNotExist();

        FullDisk.freeSpace();
        Thread.sleep(4_000); // the failed run's 3 s lease runs out (it could not be released on a full disk)
        Cli.Result restart = Cli.run("--data-dir", dataDir.toString(), "--db-url", url, "--config", config.toString(),
                "--sandbox", "restart", "--period", PERIOD);
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        for (String file : List.of("invoice-lines.csv", "invoices.xml", "focus.csv")) {
            assertThat(Files.readAllBytes(folder(dataDir).resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(folder(straightDir).resolve(file)));
        }
    }

    /**
     * The disk is full before H2 creates the database, or fills while Flyway creates the tables: one line naming the
     * database's folder (no run was started, so no restart to name), exit 1, nothing else on the console, not even
     * Flyway's "restore backups" lines; once space is back the same command bills the month.
     */
    @ParameterizedTest(name = "full {0}")
    @ValueSource(strings = {"before the database is created", "CREATE TABLE linked_account"})
    void aDiskFullWhileTheDatabaseIsCreatedIsNamedAndTheCommandWorksOnceSpaceIsBack(String when,
            @TempDir Path dataDir) throws Exception {
        if (when.startsWith("before")) {
            FullDisk.fillNow();
        } else {
            FullDisk.fillWhen(when);
        }
        String url = FullDisk.url(dataDir);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8)); // the log's console lines go there
        Cli.Result full;
        try {
            full = Cli.run("--data-dir", dataDir.toString(), "--db-url", url, "--sandbox", "run", "--period", PERIOD);
        } finally {
            System.setErr(stderr);
        }
        assertThat(FullDisk.isFull()).as("the disk filled").isTrue();
        assertThat(full.exitCode()).as(full.toString()).isEqualTo(1);
        assertThat(full.out()).as("nothing on stdout").isEmpty();
        Path log = dataDir.resolve("logs").resolve("billing-engine.log").toAbsolutePath();
        assertThat(full.err()).as(full.toString()).isEqualTo("error: the disk holding " + dataDir.resolve("db")
                + " is full (No space left on device) while the engine opened its database: free space there, then"
                + " give the command again (it stopped before it touched any run) (details in " + log + ")\n");
        String consoleText = console.toString(StandardCharsets.UTF_8);
        assertThat(consoleText).as("no stack trace on the console").doesNotContain("\tat ", "Caused by",
                "Exception");
        assertThat(consoleText).as("no error lines on the console").doesNotContain("ERROR");
        assertThat(Files.readString(log)).as("the full trace is in the log").contains("No space left on device",
                "\tat org.h2.");

        FullDisk.freeSpace();
        Cli.Result again = Cli.run("--data-dir", dataDir.toString(), "--db-url", url, "--sandbox", "run", "--period",
                PERIOD);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(folder(dataDir).resolve("manifest.json")).exists();
    }

    private static Path folder(Path dataDir) {
        return dataDir.resolve("exports").resolve(PERIOD).resolve("rev-1");
    }

    /** The sandbox demo's configuration with a 3 s lease. */
    private static Path config(Path dir) throws Exception {
        Path examples = Path.of("jobs", "examples").toAbsolutePath();
        return Files.writeString(dir.resolve("billing.yml"), """
                billing:
                  charges:
                    credit: pass-through
                    refund: pass-through
                    tax: pass-through
                  exchange-rates: "%s"
                  pricing-rules: "%s"
                  job:
                    lease-seconds: 3
                """.formatted(examples.resolveSibling("exchange-rates.csv"), examples.resolve("pricing-rules.yml")));
    }
}

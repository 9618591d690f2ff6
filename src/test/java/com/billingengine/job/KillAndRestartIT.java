package com.billingengine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;

/**
 * Process-level restart: the packaged engine is killed with SIGKILL part-way through costExtraction and part-way
 * through erpExport, of a first run and of a rerun (a correction after late credits); once the dead run's lease has
 * expired (3 s here), `restart` must finish with files byte-identical to an uninterrupted run's.
 */
class KillAndRestartIT {

    private static final String PERIOD = Cli.lastMonth();
    private static final Duration LIMIT = Duration.ofMinutes(4);
    /** A short lease, so a killed run can be restarted a few seconds later. */
    private static final Map<String, String> SHORT_LEASE = Map.of("BILLING_JOB_LEASESECONDS", "3");

    /** The rerun's files: the revision's full files and its correction of rev-1. */
    private static final List<String> CORRECTION_FILES = List.of("invoice-lines.csv", "invoices.xml", "focus.csv",
            "corrections.csv", "corrections.xml");

    @TempDir
    static Path straightDir;

    /** The database and exports right after rev-1, from which each rerun test starts (saves a run per test). */
    @TempDir
    static Path afterFirstRun;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        Process run = engine(straightDir, Map.of(), "--sandbox", "run", "--period", PERIOD);
        assertThat(run.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isZero();
        copyState(straightDir, afterFirstRun);
        Process rerun = engine(straightDir, Map.of(), "--sandbox", "--sandbox-late-credits", "run", "--period", PERIOD,
                "--rerun");
        assertThat(rerun.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(rerun.exitValue()).as(Files.readString(straightDir.resolve("run.out"))).isZero();
        assertThat(Files.readString(straightDir.resolve("run.out"))).contains("correction of rev-1: ")
                .doesNotContain("no change");
    }

    @Test
    void killedDuringCostExtractionRestartsToTheSameBytes(@TempDir Path dataDir) throws Exception {
        // latency keeps the extraction going long enough to be caught part-way
        Process run = engine(dataDir, SHORT_LEASE, "--sandbox", "--sandbox-latency-ms", "40", "run", "--period", PERIOD);
        killWhenLogged(run, dataDir, "CostExtractionStepConfiguration - payer", 1);
        assertRestartFinishesIdentical(dataDir);
    }

    @Test
    void killedDuringErpExportRestartsToTheSameBytes(@TempDir Path dataDir) throws Exception {
        // the export pauses after each file so the kill lands between invoice-lines.csv and invoices.xml
        Process run = engine(dataDir, Map.of("BILLING_EXPORT_PAUSEMS", "60000", "BILLING_JOB_LEASESECONDS", "3"),
                "--sandbox", "run", "--period", PERIOD);
        killWhenLogged(run, dataDir, "wrote invoice-lines.csv", 1);
        Path export = dataDir.resolve("exports").resolve(PERIOD);
        assertThat(export.resolve("rev-1")).as("no half-written export is visible").doesNotExist();
        assertThat(export.resolve(".rev-1.partial").resolve("invoice-lines.csv")).exists();
        assertRestartFinishesIdentical(dataDir);
        assertThat(export.resolve(".rev-1.partial")).doesNotExist();
    }

    @Test
    void aRerunKilledDuringCostExtractionRestartsToTheSameBytes(@TempDir Path dataDir) throws Exception {
        copyState(afterFirstRun, dataDir);
        Process rerun = engine(dataDir, SHORT_LEASE, "--sandbox", "--sandbox-late-credits", "--sandbox-latency-ms", "40",
                "run", "--period", PERIOD, "--rerun");
        killWhenLogged(rerun, dataDir, "CostExtractionStepConfiguration - payer", 1);
        assertThat(folder(dataDir, 2)).doesNotExist();
        assertRestartFinishesIdentical(dataDir, 2, CORRECTION_FILES, "--sandbox-late-credits");
    }

    @Test
    void aRerunKilledDuringErpExportRestartsToTheSameBytes(@TempDir Path dataDir) throws Exception {
        copyState(afterFirstRun, dataDir);
        Process rerun = engine(dataDir, Map.of("BILLING_EXPORT_PAUSEMS", "60000", "BILLING_JOB_LEASESECONDS", "3"),
                "--sandbox", "--sandbox-late-credits", "run", "--period", PERIOD, "--rerun");
        killWhenLogged(rerun, dataDir, "wrote invoice-lines.csv", 1);
        Path export = dataDir.resolve("exports").resolve(PERIOD);
        assertThat(export.resolve("rev-2")).as("no half-written correction is visible").doesNotExist();
        assertThat(export.resolve(".rev-2.partial").resolve("invoice-lines.csv")).exists();
        assertRestartFinishesIdentical(dataDir, 2, CORRECTION_FILES, "--sandbox-late-credits");
        assertThat(export.resolve(".rev-2.partial")).doesNotExist();
        assertThat(Files.readAllBytes(folder(dataDir, 1).resolve("invoice-lines.csv"))).as("rev-1 untouched")
                .isEqualTo(Files.readAllBytes(folder(straightDir, 1).resolve("invoice-lines.csv")));
    }

    @Test
    void anApprovalRunKilledDuringErpExportRestartsToTheSamePendingBytesAndApprovePublishesThem(@TempDir Path dataDir)
            throws Exception {
        Map<String, String> approval = Map.of("BILLING_EXPORT_APPROVAL", "required");
        Process run = engine(dataDir, Map.of("BILLING_EXPORT_PAUSEMS", "60000", "BILLING_JOB_LEASESECONDS", "3",
                "BILLING_EXPORT_APPROVAL", "required"), "--sandbox", "run", "--period", PERIOD);
        killWhenLogged(run, dataDir, "wrote invoice-lines.csv", 1);
        Path export = dataDir.resolve("exports").resolve(PERIOD);
        assertThat(export.resolve("rev-1.pending")).as("nothing half-written is visible").doesNotExist();
        // (manifest.json names the job execution, which the restart is: not compared, as in the tests above)
        Thread.sleep(Duration.ofSeconds(4).toMillis());
        Process restart = engine(dataDir, approval, "--sandbox", "restart", "--period", PERIOD);
        assertThat(restart.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(restart.exitValue()).as(Files.readString(dataDir.resolve("restart.out"))).isZero();
        assertThat(Files.readString(dataDir.resolve("restart.out"))).contains("AWAITING_APPROVAL");
        assertThat(folder(dataDir, 1)).as("published before approve").doesNotExist();
        for (String file : List.of("invoice-lines.csv", "invoices.xml", "focus.csv")) {
            assertThat(Files.readAllBytes(export.resolve("rev-1.pending").resolve(file))).as("rev-1.pending/" + file)
                    .isEqualTo(Files.readAllBytes(folder(straightDir, 1).resolve(file)));
        }
        Process approve = engine(dataDir, approval, "approve", "--period", PERIOD, "--revision", "1", "--by", "ana");
        assertThat(approve.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(approve.exitValue()).as(Files.readString(dataDir.resolve("run.out"))).isZero();
        for (String file : List.of("invoice-lines.csv", "invoices.xml", "focus.csv")) {
            assertThat(Files.readAllBytes(folder(dataDir, 1).resolve(file))).as("rev-1/" + file)
                    .isEqualTo(Files.readAllBytes(folder(straightDir, 1).resolve(file)));
        }
    }

    private static void assertRestartFinishesIdentical(Path dataDir) throws Exception {
        assertRestartFinishesIdentical(dataDir, 1, List.of("invoice-lines.csv", "invoices.xml"));
    }

    private static void assertRestartFinishesIdentical(Path dataDir, int revision, List<String> files,
            String... sandboxOptions) throws Exception {
        Thread.sleep(Duration.ofSeconds(4).toMillis()); // the dead run's 3 s lease runs out (the database's clock)
        List<String> args = new ArrayList<>(List.of("--sandbox"));
        args.addAll(List.of(sandboxOptions));
        args.addAll(List.of("restart", "--period", PERIOD));
        Process restart = engine(dataDir, Map.of(), args.toArray(String[]::new));
        assertThat(restart.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(restart.exitValue()).as(Files.readString(dataDir.resolve("restart.out"))).isZero();
        for (String file : files) {
            assertThat(Files.readAllBytes(folder(dataDir, revision).resolve(file))).as("rev-" + revision + "/" + file)
                    .isEqualTo(Files.readAllBytes(folder(straightDir, revision).resolve(file)));
        }
        // the documents carry their identity, dates and terms, derived, so the restart wrote them alike
        assertThat(Files.readString(folder(dataDir, revision).resolve("invoices.xml"))).contains("<invoice id=\"",
                "<issueDate>", "<dueDate>", "<paymentTermsDays>", "<awsCostTotal currency=\"USD\">");
        if (files.contains("corrections.xml")) {
            assertThat(Files.readString(folder(dataDir, revision).resolve("corrections.xml")))
                    .contains("<correctsInvoice>", "<issueDate>", "<dueDate>");
        }
        String status = Files.readString(dataDir.resolve("restart.out"));
        assertThat(status).contains("rev-" + revision + ": COMPLETED");
    }

    private static Path folder(Path dataDir, int revision) {
        return dataDir.resolve("exports").resolve(PERIOD).resolve("rev-" + revision);
    }

    /** Copies the database and the exports of a data dir whose engine has ended (not its log or outputs). */
    private static void copyState(Path from, Path to) throws IOException {
        for (String part : List.of("db", "exports")) {
            try (Stream<Path> paths = Files.walk(from.resolve(part))) {
                for (Path path : paths.toList()) {
                    Path target = to.resolve(from.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    /** Waits for a log line, then SIGKILLs the JVM (no shutdown hook, no clean-up). */
    static void killWhenLogged(Process process, Path dataDir, String marker, int occurrences) throws Exception {
        Path log = dataDir.resolve("logs").resolve("billing-engine.log");
        Instant deadline = Instant.now().plus(LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(log) && count(Files.readString(log), marker) >= occurrences) {
                process.destroyForcibly(); // SIGKILL on Linux
                process.waitFor(30, TimeUnit.SECONDS);
                assertThat(process.exitValue()).as("killed, not finished").isNotZero();
                return;
            }
            assertThat(process.isAlive()).as("the run ended before reaching '" + marker + "'").isTrue();
            Thread.sleep(20);
        }
        throw new AssertionError("never logged '" + marker + "'");
    }

    private static int count(String text, String marker) {
        int n = 0;
        for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) {
            n++;
        }
        return n;
    }

    private static Process engine(Path dataDir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("billing.jar"), "--data-dir", dataDir.toString()));
        command.addAll(List.of(args));
        String name = command.contains("restart") ? "restart" : "run";
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve(name + ".out").toFile());
        builder.environment().putAll(env);
        Files.createDirectories(dataDir);
        return builder.start();
    }
}

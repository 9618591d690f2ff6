package com.billingengine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;

/**
 * jobs/crontab's lines run as cron runs them (sh -c, "\%" for "%") against a stand-in scripts/billing-engine that
 * exits as told: the scheduler runs `run --if-needed` every retry day, and cron mails (prints) only what someone must
 * act on: a failed run, and the check's exit 4.
 */
class CrontabTest {

    private static final List<String> LINES = crontab();

    @TempDir
    Path installation;

    @BeforeEach
    void standIn() throws Exception {
        Files.createDirectories(installation.resolve("data/logs"));
        Path script = Files.createDirectories(installation.resolve("scripts")).resolve("billing-engine");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> args.txt\necho \"engine output for $*\"\nexit $STUB_EXIT\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void mailGoesToPeopleAndTheTimesAreUtc() {
        assertThat(LINES).anyMatch(l -> l.matches("MAILTO=\\S+@\\S+")).contains("CRON_TZ=UTC");
    }

    @Test
    void theMonthlyRunIsTheIdempotentSchedulerCommandOnEveryRetryDayAndMailsOnlyAFailure() throws Exception {
        String line = entry("run --period");
        assertThat(line).startsWith("0 6 5-10 * *");

        assertThat(cron(line, 0)).as("a completed run (or nothing to do) mails nothing").isEmpty();
        assertThat(Files.readString(installation.resolve("args.txt")).strip())
                .isEqualTo("run --period " + Cli.lastMonth() + " --if-needed");
        assertThat(cron(line, 1)).contains("BILLING " + Cli.lastMonth() + ": run --if-needed exited 1",
                "data/logs/cron.log");
        assertThat(Files.readString(installation.resolve("data/logs/cron.log")))
                .contains("engine output for run --period " + Cli.lastMonth() + " --if-needed");
    }

    @Test
    void theDailyCheckMailsWhenAPeriodChangedSinceItWasInvoiced() throws Exception {
        String line = entry("check --last 3");
        assertThat(line).startsWith("0 7 * * *");

        assertThat(cron(line, 0)).isEmpty();
        assertThat(cron(line, 4)).contains("LATE DATA: a period changed since it was invoiced", "--rerun",
                "engine output for check --last 3");
        assertThat(cron(line, 1)).contains("late-data check exited 1").doesNotContain("LATE DATA");
    }

    private static String entry(String command) {
        return LINES.stream().filter(l -> l.contains(command)).findFirst().orElseThrow();
    }

    /** The command part of a crontab line, as cron runs it in the installation; what it prints (cron mails it). */
    private String cron(String line, int engineExit) throws Exception {
        String command = line.split("\\s+", 6)[5].replace("\\%", "%")
                .replace("cd /opt/billing-engine", "cd '" + installation + "'");
        ProcessBuilder sh = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
        sh.environment().put("STUB_EXIT", Integer.toString(engineExit));
        Process process = sh.start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(printed).isEqualTo(engineExit);
        return printed;
    }

    private static List<String> crontab() {
        try {
            return Files.readAllLines(Path.of("jobs", "crontab")).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

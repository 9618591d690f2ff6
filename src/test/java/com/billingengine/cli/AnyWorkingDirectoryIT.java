package com.billingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged engine started as a user would, from a folder that is not the checkout: it finds its configuration
 * from its own location and bills exactly as from the checkout; a refused command prints one line on stderr,
 * nothing on stdout and no stack trace (in-process tests cannot see what Logback prints, a process can).
 */
class AnyWorkingDirectoryIT {

    @TempDir
    Path elsewhere;

    @Test
    void theSandboxDemoBillsTheSameFromAnyFolder() throws Exception {
        Run run = engine("--data-dir", "data", "--sandbox", "run", "--period", "2026-10");

        assertThat(run.exit()).as(run.toString()).isZero();
        // the demo's example rules and the installation's exchange rates were found: without them C-1001 is 75186.85
        assertThat(run.out()).as(run.toString()).containsPattern("C-1001 .* 80417\\.41 USD");
        assertThat(elsewhere.resolve("data/exports/2026-10/rev-1/invoices.xml")).as("--data-dir is the user's path")
                .isRegularFile();
    }

    @Test
    void aYamlSyntaxErrorIsOneLineOnStderrAndNothingOnStdout() throws Exception {
        Files.writeString(elsewhere.resolve("broken.yml"), "billing:\n  job: [\n");
        Run run = engine("--data-dir", "data", "--config", "broken.yml", "--sandbox", "run", "--period", "2026-10");

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).as(run.toString()).isEmpty();
        assertThat(run.err().strip()).as(run.toString()).startsWith("error: " + elsewhere.resolve("broken.yml")
                + " line 3, column 1: not valid YAML").doesNotContain("\tat ", "Exception");
        assertThat(elsewhere.resolve("data")).as("no database, no log").doesNotExist();
    }

    @Test
    void environmentProblemsAreNamedWithoutAStackTrace() throws Exception {
        Files.writeString(elsewhere.resolve("a-file"), "x");
        Run file = engine("--data-dir", "a-file", "status");
        Run database = engine("--data-dir", "data", "--db-url", "jdbc:postgresql://127.0.0.1:5999/x", "status");
        Run chunk = engineWithEnv("BILLING_JOB_COST_CHUNK_SIZE", "0", "--data-dir", "data", "status");

        assertThat(file.exit()).as(file.toString()).isEqualTo(2);
        assertThat(file.err()).contains("a-file: a file, not a folder");
        assertThat(database.exit()).as(database.toString()).isEqualTo(2);
        assertThat(database.err()).contains("cannot reach the database server");
        assertThat(chunk.exit()).as(chunk.toString()).isEqualTo(2);
        assertThat(chunk.err()).contains("environment variable BILLING_JOB_COST_CHUNK_SIZE: billing.job.cost-chunk-size: "
                + "must be a positive number, got 0");
        for (Run run : List.of(file, database, chunk)) {
            assertThat(run.out()).as(run.toString()).isEmpty();
            assertThat(run.err()).as(run.toString()).doesNotContain("\tat ", "Exception");
            assertThat(run.err().strip().lines()).as(run.toString()).hasSize(1);
        }
        assertThat(elsewhere.resolve("data")).doesNotExist();
    }

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    private Run engine(String... args) throws Exception {
        return engineWithEnv(null, null, args);
    }

    private Run engineWithEnv(String variable, String value, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("billing.jar")).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(elsewhere, "out", ".txt");
        Path err = Files.createTempFile(elsewhere, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(elsewhere.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("BILLING_HOME");
        if (variable != null) {
            builder.environment().put(variable, value);
        }
        int exit = builder.start().waitFor();
        return new Run(exit, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}

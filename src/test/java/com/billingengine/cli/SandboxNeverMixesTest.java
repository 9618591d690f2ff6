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
 * Sandbox and production data never share a database: the README's first command, run where production runs,
 * leaves ./data alone, and a database records which kind of data it holds, so the other kind of command is refused.
 */
class SandboxNeverMixesTest {

    private static final String PERIOD = Cli.lastMonth();

    @TempDir
    Path installation;

    /**
     * The README's first command, then a production run from the same folder, each as a process of its own there
     * (the default data dirs are relative to the working directory, which an in-process test cannot change).
     */
    @Test
    void theReadmesFirstCommandLeavesProductionsDataDirAlone() throws Exception {
        Run demo = engine("--sandbox", "run", "--period", PERIOD);
        assertThat(demo.exit()).as(demo.toString()).isZero();
        assertThat(demo.out()).contains("export: " + installation.resolve("data-sandbox/exports/" + PERIOD + "/rev-1"));
        assertThat(installation.resolve("data")).as("the demo never opens ./data").doesNotExist();

        // production sees neither the simulated period (not "already completed") nor the simulated payers
        // default-chain: an auth mode that needs no identity settings (entra-id without them is refused, exit 2)
        Run production = engine("--auth-mode", "default-chain", "run", "--period", PERIOD);
        assertThat(production.exit()).as(production.toString()).isEqualTo(1);
        assertThat(production.out()).contains("rev-1: FAILED", "no payer is billable in");
        Run payers = engine("payers", "list", "--json");
        assertThat(payers.exit()).as(payers.toString()).isZero();
        assertThat(payers.out().strip()).isEqualTo("[ ]");
    }

    @Test
    void aSandboxCommandOnAProductionDatabaseIsRefused() {
        Path data = installation.resolve("data");
        Cli.Result production = Cli.run("--data-dir", data.toString(), "--auth-mode", "default-chain", "run",
                "--period", PERIOD);
        assertThat(production.exitCode()).as(production.toString()).isEqualTo(1);

        for (List<String> sandbox : List.of(List.of("--sandbox", "run", "--period", PERIOD),
                List.of("--sandbox", "restart", "--period", PERIOD, "--reextract"),
                List.of("--sandbox", "payers", "add", "--payer", "111122223333", "--customer-id", "C-9",
                        "--customer-name", "Simulated", "--currency", "EUR"))) {
            List<String> args = new ArrayList<>(List.of("--data-dir", data.toString()));
            args.addAll(sandbox);
            Cli.Result refused = Cli.run(args.toArray(String[]::new));
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
            assertThat(refused.err()).as(refused.toString()).contains("the database in " + data
                    + " holds production data", "sandbox command", "--data-dir DIR", "--db-url");
        }
        // what the refused commands would have written is not there: no simulated payer, still only rev-1
        Cli.Result payers = Cli.run("--data-dir", data.toString(), "payers", "list", "--json");
        assertThat(payers.out().strip()).as(payers.toString()).isEqualTo("[ ]");
        Cli.Result status = Cli.run("--data-dir", data.toString(), "--sandbox", "status");
        assertThat(status.exitCode()).as("reading works on either kind: " + status).isZero();
        assertThat(status.out()).contains(PERIOD + " rev-1  FAILED").doesNotContain("rev-2");
    }

    @Test
    void aProductionCommandOnASandboxDatabaseIsRefusedButReadsWork() {
        Path data = installation.resolve("demo");
        Cli.Result demo = Cli.sandbox(data, "run", "--period", PERIOD);
        assertThat(demo.exitCode()).as(demo.toString()).isZero();

        for (List<String> production : List.of(List.of("restart", "--period", PERIOD, "--reextract"),
                List.of("run", "--period", PERIOD, "--rerun"), List.of("check", "--period", PERIOD),
                List.of("payers", "add", "--payer", "111122223333", "--customer-id", "C-9", "--customer-name",
                        "Real", "--currency", "EUR"))) {
            List<String> args = new ArrayList<>(List.of("--data-dir", data.toString(), "--auth-mode", "default-chain"));
            args.addAll(production);
            Cli.Result refused = Cli.run(args.toArray(String[]::new));
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
            assertThat(refused.err()).as(refused.toString()).contains("the database in " + data
                    + " holds simulated data", "production command is refused", "--data-dir DIR");
        }
        for (List<String> read : List.of(List.of("status"), List.of("payers", "list"),
                List.of("report", "--period", PERIOD))) {
            List<String> args = new ArrayList<>(List.of("--data-dir", data.toString()));
            args.addAll(read);
            Cli.Result result = Cli.run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.err()).as(result.toString()).doesNotContain("simulated data");
        }
    }

    @Test
    void aDataDirTheUserChoseWinsOverTheSandboxDefault() throws Exception {
        Path config = installation.resolve("site").resolve("billing.yml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "billing:\n  data-dir: demo-data\n");
        Cli.Result status = Cli.run("--config", config.toString(), "--sandbox", "status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(installation.resolve("site/demo-data/db")).as("the config file's data dir, beside it").isDirectory();
        assertThat(Path.of("data-sandbox")).as("not the sandbox default in the working directory").doesNotExist();
    }

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    /** The engine from the test classpath, started in the installation folder as a user's shell would. */
    private Run engine(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "com.billingengine.BillingEngineApplication"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("out", ".txt");
        Path err = Files.createTempFile("err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(installation.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("BILLING_"));
        int exit = builder.start().waitFor();
        try {
            return new Run(exit, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err,
                    StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}

package com.billingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.identity.SandboxRegistry;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;

/**
 * Everything is checked before the first write (issue 17, item 2): every configuration mistake in one run, the
 * identity settings of the auth mode, the endpoint, and an exchange rate for every currency the period's payers
 * need, before any AWS request; exit 2, one line each, no job execution, no database and no log file. A network
 * failure during a run is exit 1 with the restart command, never a trace.
 */
class ChecksBeforeFirstWriteTest {

    private static final String PERIOD = Cli.lastMonth();

    @TempDir
    Path tmp;

    @Test
    void threeMistakesAreThreeLinesOfOneRunAndNothingIsCreated() throws Exception {
        Path config = tmp.resolve("billing.yml");
        // one value checked by the config check before, two that were found only by the launcher and the progress
        // listener after the database had been opened
        Files.writeString(config, """
                billing:
                  job:
                    concurrency: -1
                    lease-seconds: -5
                  progress:
                    interval-seconds: -2
                """);
        Path data = tmp.resolve("data");
        Cli.Result result = Cli.run("--data-dir", data.toString(), "--config", config.toString(), "--sandbox", "run",
                "--period", PERIOD);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        List<String> lines = result.err().lines().toList();
        assertThat(lines).as(result.toString()).hasSize(3);
        assertThat(lines.get(0)).startsWith("error: " + config + " line 3, column 18: billing.job.concurrency:");
        assertThat(lines.get(1)).startsWith("error: " + config + " line 4, column 20: billing.job.lease-seconds:");
        assertThat(lines.get(2)).startsWith("error: " + config + " line 6, column 23: billing.progress.interval-seconds:");
        assertThat(result.out()).isEmpty();
        assertThat(data).as("no database, no log file, no job execution").doesNotExist();
    }

    @Test
    void aBadEnvironmentVariableCreatesNeitherTheDatabaseNorTheLog() throws Exception {
        Path data = tmp.resolve("data");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "com.billingengine.BillingEngineApplication",
                "--data-dir", data.toString(), "--sandbox", "run", "--period", PERIOD)
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("BILLING_"));
        builder.environment().put("BILLING_JOB_LEASESECONDS", "-5");

        int exit = builder.start().waitFor();

        String err = Files.readString(tmp.resolve("err.txt"));
        assertThat(exit).as(err).isEqualTo(2);
        assertThat(err.lines()).containsExactly("error: environment variable BILLING_JOB_LEASESECONDS:"
                + " billing.job.lease-seconds: must be at least 3 (the heartbeat renews the lease every third of it),"
                + " got -5");
        assertThat(Files.readString(tmp.resolve("out.txt"))).isEmpty();
        assertThat(data).as("no database, no log file").doesNotExist();
    }

    @Test
    void entraIdWithoutTenantIsExitTwoNamingTheKeyBeforeAnything() throws Exception {
        Path config = tmp.resolve("billing.yml");
        Files.writeString(config, "billing:\n  identity:\n    client-id: 00000000-0000-0000-0000-000000000001\n");
        Path secret = Files.writeString(tmp.resolve("secret"), "s3cr3t");
        Files.writeString(config, "    secret-file: " + secret + "\n", java.nio.file.StandardOpenOption.APPEND);
        Path data = tmp.resolve("data");
        for (String command : List.of("run", "check")) {
            List<String> args = command.equals("run") ? List.of("run", "--period", PERIOD) : List.of("check", "--last", "1");
            String[] all = Stream.concat(Stream.of("--data-dir", data.toString(), "--config",
                    config.toString()), args.stream()).toArray(String[]::new);
            Cli.Result result = Cli.run(all);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.err().lines()).as(result.toString()).containsExactly("error: " + config
                    + ": billing.identity.tenant-id: not set; --auth-mode entra-id (the default without --sandbox)"
                    + " needs it: the Entra ID tenant (directory) id, under billing.identity in " + config
                    + " or BILLING_IDENTITY_TENANT_ID");
            assertThat(data).doesNotExist();
        }
    }

    @Test
    void entraIdWithoutAnySettingNamesEachMissingOne() throws Exception {
        Path config = Files.writeString(tmp.resolve("billing.yml"), "billing:\n  job:\n    concurrency: 2\n");
        Cli.Result result = Cli.run("--data-dir", tmp.resolve("data").toString(), "--config", config.toString(),
                "payers", "validate", "--payer", "111122223333");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("billing.identity.tenant-id: not set", "billing.identity.client-id: not set");
        // BILLING_CLIENT_SECRET is not set in the test's environment
        if (System.getenv("BILLING_CLIENT_SECRET") == null) {
            assertThat(result.err()).contains("billing.identity.secret-file: not set");
        }
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void aCurrencyWithoutARateIsExitTwoBeforeAnyAwsRequest() throws Exception {
        Path data = tmp.resolve("data");
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults())) {
            SandboxRegistry.importPayers(sandbox, data, "sandbox"); // USD, EUR and JPY payers
            Path rates = Files.writeString(tmp.resolve("rates.csv"), "period,currency,rate\n" + PERIOD + ",EUR,0.92\n");
            Path config = Files.writeString(tmp.resolve("billing.yml"), "billing:\n  exchange-rates: " + rates + "\n");

            Cli.Result result = Cli.run("--data-dir", data.toString(), "--config", config.toString(), "--aws-endpoint",
                    sandbox.endpoint().toString(), "--auth-mode", "sandbox", "run", "--period", PERIOD);

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.err().lines()).as(result.toString()).containsExactly("error: no exchange rate for JPY in "
                    + PERIOD + " in " + rates + ": add a line '" + PERIOD + ",JPY,<units of JPY per 1 USD>' (checked"
                    + " before any AWS request; nothing was run)");
            for (String operation : List.of("AssumeRoleWithWebIdentity", "ListAccounts", "GetCostAndUsage",
                    "DescribeOrganization")) {
                assertThat(sandbox.requestCount(operation)).as(operation).isZero();
            }
            assertThat(data.resolve("exports")).doesNotExist();
            Cli.Result status = Cli.run("--data-dir", data.toString(), "status", "--period", PERIOD);
            assertThat(status.out() + status.err()).as(status.toString()).doesNotContain("rev-1");
        }
    }

    @Test
    void anUnreachableEndpointIsExitTwoAtStartUpWithoutATrace() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closed;
        Path token = Files.writeString(tmp.resolve("token.jwt"), "eyJ.eyJ.sig");
        Path data = tmp.resolve("data");
        for (List<String> command : List.of(List.of("--auth-mode", "sandbox", "run", "--period", PERIOD),
                List.of("--auth-mode", "token-file", "--token-file", token.toString(), "payers", "validate",
                        "--payer", "111122223333"))) {
            Console console = Console.capture(() -> Cli.run(Stream.concat(
                    Stream.of("--data-dir", data.toString(), "--aws-endpoint", endpoint), command.stream())
                    .toArray(String[]::new)));
            assertThat(console.result().exitCode()).as(console.toString()).isEqualTo(2);
            assertThat(console.result().err().lines()).as(console.toString()).containsExactly("error: option "
                    + "--aws-endpoint: cannot reach " + endpoint + " (Connection refused); check the URL and that the"
                    + " endpoint runs");
            console.assertNoTrace();
            assertThat(data).doesNotExist();
        }
    }

    @Test
    void anEndpointLostMidRunIsExitOneWithTheRestartCommandAndNoTrace() throws Exception {
        Path data = tmp.resolve("data");
        Path config = Files.writeString(tmp.resolve("billing.yml"),
                "billing:\n  aws:\n    max-attempts: 2\n    api-call-timeout-seconds: 5\n");
        AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults().withLatencyMs(40));
        try {
            SandboxRegistry.importPayers(sandbox, data, "sandbox");
            CompletableFuture<Console> run = CompletableFuture.supplyAsync(() -> Console.capture(() -> Cli.run(
                    "--data-dir", data.toString(), "--config", config.toString(), "--aws-endpoint",
                    sandbox.endpoint().toString(), "--auth-mode", "sandbox", "run", "--period", PERIOD)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sandbox.requestCount("GetCostAndUsage") < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            sandbox.close(); // the endpoint goes away part-way through costExtraction
            Console console = run.get(120, TimeUnit.SECONDS);

            assertThat(console.result().exitCode()).as(console.toString()).isEqualTo(1);
            assertThat(console.result().out()).contains("FAILED", "billing-engine restart --period " + PERIOD);
            console.assertNoTrace();
        } finally {
            sandbox.close();
        }
    }

    @Test
    void anExportFolderTheDatabaseDoesNotKnowIsRefusedWithExitThreeAndKept() throws Exception {
        Path data = tmp.resolve("data");
        // the shipped settings: no example rules, which name customers of the full demo scenario
        String shipped = Installation.root().resolve(Installation.DEFAULT_CONFIG).toString();
        Cli.Result first = Cli.sandbox(data, "--config", shipped, "--sandbox-payers", "1", "--sandbox-accounts", "2",
                "--sandbox-services", "2", "run", "--period", PERIOD);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Path folder = data.resolve("exports/" + PERIOD + "/rev-1");
        byte[] manifest = Files.readAllBytes(folder.resolve("manifest.json"));
        try (Stream<Path> db = Files.walk(data.resolve("db"))) { // the database is lost; its exports are not
            db.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }

        Cli.Result again = Cli.sandbox(data, "--config", shipped, "--sandbox-payers", "1", "--sandbox-accounts", "2",
                "--sandbox-services", "2", "run", "--period", PERIOD);

        assertThat(again.exitCode()).as(again.toString()).isEqualTo(3);
        assertThat(again.err()).contains("refused: the export folder " + folder.toAbsolutePath().normalize()
                + " exists, but this database has no record of");
        assertThat(Files.readAllBytes(folder.resolve("manifest.json"))).isEqualTo(manifest);
    }

    /** What a command printed, including what went to the process's own stdout and stderr (the log's console). */
    record Console(Cli.Result result, String stdout, String stderr) {

        static synchronized Console capture(java.util.function.Supplier<Cli.Result> command) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            try {
                return new Console(command.get(), stdout.toString(StandardCharsets.UTF_8),
                        stderr.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
        }

        void assertNoTrace() {
            for (String text : List.of(result.out(), result.err(), stdout, stderr)) {
                assertThat(text).as(toString()).doesNotContain("\tat ", "Exception in", "Caused by", "at com.", "at org.");
            }
            assertThat(stdout).as("nothing on the process's stdout but the command's output").isEmpty();
        }

        @Override
        public String toString() {
            return result + "\n--- process stdout\n" + stdout + "\n--- process stderr\n" + stderr;
        }
    }

}

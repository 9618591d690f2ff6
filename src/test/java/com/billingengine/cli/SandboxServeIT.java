package com.billingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sandbox serve} as its own process, reached by an engine that did not start it, as a worker on another
 * machine would: the payers CSV it writes imports into a fresh registry, and the month billed over its endpoint is
 * byte for byte the month billed with the built-in {@code --sandbox}. SIGTERM stops it and frees the port.
 */
class SandboxServeIT {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+))");

    @TempDir
    Path dir;

    @Test
    void aServedSandboxBillsTheSameMonthAsTheBuiltInOne() throws Exception {
        Path csv = java.nio.file.Files.createDirectories(dir.resolve("served")).resolve("payers.csv"); // serve refuses a missing folder
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of(System.getProperty("billing.jar")).toAbsolutePath().toString(), "--sandbox-payers", "3",
                "sandbox", "serve", "--port", "0", "--payers-csv", csv.toString())
                .redirectError(dir.resolve("server.err").toFile()).start();
        try {
            String line = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            Matcher listening = LISTENING.matcher(String.valueOf(line));
            assertThat(listening.find()).as("first line: %s; stderr: %s", line,
                    Files.readString(dir.resolve("server.err"))).isTrue();
            String endpoint = listening.group(1);
            assertThat(Files.readAllLines(csv)).hasSize(1 + 3).first()
                    .isEqualTo("payer_account_id,customer_id,customer_name,currency,role_arn,status,markup_percent,"
                            + "payment_terms_days");
            assertThat(Files.readAllLines(csv).subList(1, 4)).as("imported payers are validated like a customer's")
                    .allSatisfy(row -> assertThat(row).contains(",PENDING,"));

            // the demo's configuration, as --sandbox would read it, so both runs price alike
            String config = Path.of("jobs/examples/sandbox-billing.yml").toAbsolutePath().toString();
            Path remote = dir.resolve("remote");
            List<String> client = List.of("--data-dir", remote.toString(), "--aws-endpoint", endpoint, "--auth-mode",
                    "sandbox", "--config", config);
            Cli.Result imported = Cli.run(concat(client, "payers", "import", csv.toString()));
            assertThat(imported.exitCode()).as(imported.toString()).isZero();
            // the README's flow: serve, import, validate, run
            Cli.Result validated = Cli.run(concat(client, "payers", "validate", "--pending"));
            assertThat(validated.exitCode()).as(validated.toString()).isZero();
            assertThat(validated.out()).contains("is ACTIVE");
            Cli.Result served = Cli.run(concat(client, "run", "--period", "2026-10"));
            assertThat(served.exitCode()).as(served.toString()).isZero();

            Path local = dir.resolve("local");
            Cli.Result builtIn = Cli.run("--data-dir", local.toString(), "--sandbox", "--sandbox-payers", "3", "run",
                    "--period", "2026-10");
            assertThat(builtIn.exitCode()).as(builtIn.toString()).isZero();

            for (String file : List.of("invoices.xml", "invoice-lines.csv", "focus.csv")) {
                byte[] expected = Files.readAllBytes(local.resolve("exports/2026-10/rev-1/" + file));
                assertThat(remote.resolve("exports/2026-10/rev-1/" + file)).as(file).hasBinaryContent(expected);
            }

            server.destroy(); // SIGTERM
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            int port = Integer.parseInt(listening.group(2));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                throw new AssertionError("port " + port + " still answers after SIGTERM");
            } catch (ConnectException expected) {
                // the port is free again
            }
        } finally {
            server.destroyForcibly();
        }
    }

    private static String[] concat(List<String> first, String... rest) {
        String[] all = first.toArray(new String[first.size() + rest.length]);
        System.arraycopy(rest, 0, all, first.size(), rest.length);
        return all;
    }
}

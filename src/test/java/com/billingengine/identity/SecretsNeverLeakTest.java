package com.billingengine.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;

/**
 * Neither the client secret nor a web identity token may appear in a log line, an exception message, the job
 * repository or an export; a token the role's trust rejects fails the job naming the payer and the claim.
 */
class SecretsNeverLeakTest {

    private static final String PERIOD = Cli.lastMonth();

    @Test
    void theClientSecretStaysOutOfEverything(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("data");
        Files.createDirectories(dataDir);
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults())) {
            SandboxRegistry.importPayers(sandbox, dataDir, "sandbox");
            Path secret = tmp.resolve("client-secret");
            Files.writeString(secret, sandbox.clientSecret());
            Path config = tmp.resolve("billing.yml");
            Files.writeString(config, """
                    billing:
                      identity:
                        tenant-id: %s
                        client-id: %s
                        scope: %s/.default
                        authority: %s/
                        secret-file: %s
                    """.formatted(sandbox.trust().tenantId(), sandbox.trust().clientId(), sandbox.trust().audience(),
                    sandbox.endpoint(), secret));
            Cli.Result run = Cli.run("--data-dir", dataDir.toString(), "--config", config.toString(),
                    "--aws-endpoint", sandbox.endpoint().toString(), "--auth-mode", "sandbox", "run", "--period", PERIOD);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertAppearsNowhere(sandbox.clientSecret(), dataDir, run);
        }
    }

    @Test
    void aTokenWithTheWrongAudienceIsRejectedNamingThePayerAndTheClaim(@TempDir Path dataDir) throws Exception {
        Files.createDirectories(dataDir);
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults())) {
            SandboxRegistry.importPayers(sandbox, dataDir);
            String token = sandbox.webIdentityToken(Map.of("aud", "api://someone-else"), Duration.ofHours(1));
            Path tokenFile = dataDir.resolve("token.jwt");
            Files.writeString(tokenFile, token);
            Cli.Result run = Cli.run("--data-dir", dataDir.toString(), "--aws-endpoint", sandbox.endpoint().toString(),
                    "--auth-mode", "token-file", "--token-file", tokenFile.toString(), "run", "--period", PERIOD);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.out()).contains("payer " + sandbox.payers().get(0).accountId(), "AccessDenied",
                    "aud=\"api://someone-else\"", "SelectedEnvironment=Prod");
            Files.delete(tokenFile); // the operator's own file; everything else must be clean
            assertAppearsNowhere(token, dataDir, run);
            Cli.Result status = Cli.run("--data-dir", dataDir.toString(), "status", "--json");
            assertThat(status.out()).doesNotContain(token).contains("aud=");
        }
    }

    /** Logs, console output, the job repository (the database files) and the exports. */
    private static void assertAppearsNowhere(String secret, Path dataDir, Cli.Result run) throws IOException {
        assertThat(run.out()).doesNotContain(secret);
        assertThat(run.err()).doesNotContain(secret);
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).anyMatch(f -> f.toString().endsWith(".log")).anyMatch(f -> f.toString().endsWith(".mv.db"));
        for (Path file : files) {
            assertThat(indexOf(Files.readAllBytes(file), needle)).as("secret found in " + file).isNegative();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

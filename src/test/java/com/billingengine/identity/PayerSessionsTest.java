package com.billingengine.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;
import com.billingengine.sandbox.SandboxPayer;

/**
 * The engine against a sandbox it only knows by endpoint, as it would know AWS: one STS web identity session per
 * payer per run, and credentials that expire during the extraction are renewed without failing a step.
 */
class PayerSessionsTest {

    private static final String PERIOD = Cli.lastMonth();

    private static Cli.Result runAgainst(AwsSandbox sandbox, Path dataDir) throws Exception {
        Path token = dataDir.resolve("token.jwt");
        Files.createDirectories(dataDir);
        Files.writeString(token, sandbox.webIdentityToken());
        SandboxRegistry.importPayers(sandbox, dataDir);
        return Cli.run("--data-dir", dataDir.toString(), "--aws-endpoint", sandbox.endpoint().toString(),
                "--auth-mode", "token-file", "--token-file", token.toString(), "run", "--period", PERIOD);
    }

    @Test
    void oneAssumeRoleWithWebIdentityPerPayerPerRun(@TempDir Path dataDir) throws Exception {
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults())) {
            Cli.Result run = runAgainst(sandbox, dataDir);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(sandbox.requestCount("AssumeRoleWithWebIdentity")).isEqualTo(sandbox.payers().size());
            for (SandboxPayer payer : sandbox.payers()) {
                assertThat(sandbox.requestCount("AssumeRoleWithWebIdentity", payer.accountId())).isEqualTo(1);
                assertThat(sandbox.requestCount("GetCostAndUsage", payer.accountId())).isPositive();
                assertThat(sandbox.requestCount("ListAccounts", payer.accountId())).isPositive();
            }
        }
    }

    @Test
    void credentialsThatExpireMidExtractionAreRenewed(@TempDir Path dataDir) throws Exception {
        // the sandbox's STS hands out credentials that live two seconds; a slow extraction outlives several
        SandboxOptions shortLived = SandboxOptions.defaults().withCredentialLifetime(Duration.ofSeconds(2))
                .withLatencyMs(20);
        try (AwsSandbox sandbox = AwsSandbox.start(shortLived)) {
            Cli.Result run = runAgainst(sandbox, dataDir);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(sandbox.requestCount("AssumeRoleWithWebIdentity")).isGreaterThan(sandbox.payers().size());
        }
    }
}

package com.billingengine.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;

/**
 * Production's sign-in path on the sandbox: msal4j gets a token from the simulated Entra ID over HTTPS, STS
 * exchanges it once per payer, and Organizations and Cost Explorer are read with the role's credentials.
 */
class EntraIdSandboxRunTest {

    @Test
    void aRunInEntraIdModeGoesTokenThenStsThenOrganizationsAndCostExplorerForEveryPayer(@TempDir Path dataDir)
            throws Exception {
        Cli.Result run = Cli.run("--data-dir", dataDir.toString(), "--sandbox", "--auth-mode", "entra-id", "run",
                "--period", Cli.lastMonth());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("payers: 3", "accounts: 36");
        String log = Files.readString(dataDir.resolve("logs/billing-engine.log"));
        // one STS web identity session per payer, each signed in through Entra ID
        assertThat(log.lines().filter(l -> l.contains("PayerClients - payer") && l.contains("assuming")
                && l.contains("(Entra ID client ")).count()).isEqualTo(3);
        assertThat(log.lines().filter(l -> l.contains("CostExtractionStepConfiguration - payer")
                && l.contains("Cost Explorer requests")).count()).isEqualTo(3);
    }
}

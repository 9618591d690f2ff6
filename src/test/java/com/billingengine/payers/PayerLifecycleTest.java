package com.billingengine.payers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Only ACTIVE payers are billed; the registry lists what the contract promises. */
class PayerLifecycleTest {

    @Test
    void pendingAndSuspendedPayersAreNotBilled(@TempDir Path dataDir) throws Exception {
        String data = dataDir.toString();
        // the first sandbox command seeds the three healthy sandbox payers as ACTIVE and its three problem accounts
        // as PENDING
        Cli.Result pending = Cli.run("--data-dir", data, "--sandbox", "payers", "add", "--payer", "111122223333",
                "--customer-id", "C-5000", "--customer-name", "Not Yet Onboarded Ltd", "--currency", "EUR");
        assertThat(pending.exitCode()).as(pending.toString()).isZero();
        // the seeded registry is a sandbox's: every registry write there is a sandbox command
        Cli.Result suspended = Cli.run("--data-dir", data, "--sandbox", "payers", "add", "--payer", "444455556666",
                "--customer-id", "C-5001", "--customer-name", "Paused Ltd", "--currency", "USD", "--status", "SUSPENDED",
                "--markup", "4.5");
        assertThat(suspended.exitCode()).as(suspended.toString()).isZero();

        JsonNode payers = JsonMapper.builder().build().readTree(Cli.run("--data-dir", data, "payers", "list", "--json").out());
        assertThat(payers.size()).isEqualTo(8);
        JsonNode added = null;
        for (JsonNode p : payers) {
            if (p.get("payerAccountId").asText().equals("111122223333")) {
                added = p;
            }
        }
        assertThat(added).isNotNull();
        assertThat(added.get("payerAccountId").asText()).isEqualTo("111122223333");
        assertThat(added.get("status").asText()).isEqualTo("PENDING");
        assertThat(added.get("currency").asText()).isEqualTo("EUR");
        assertThat(added.get("roleArn").asText())
                .isEqualTo("arn:aws:iam::111122223333:role/SWOOpenIDCAssumeBillingOnlyRole");
        assertThat(added.get("customerId").asText()).isEqualTo("C-5000");
        assertThat(added.get("customerName").asText()).isEqualTo("Not Yet Onboarded Ltd");

        Cli.Result run = Cli.run("--data-dir", data, "--sandbox", "run", "--period", Cli.lastMonth());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("payers: 3").doesNotContain("C-5000", "C-5001");
    }
}

package com.billingengine.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;
import com.billingengine.sandbox.SandboxPayer;

/**
 * `payers validate --pending` after a reseller's import: billing.job.concurrency payers at a time (the sandbox sees
 * their requests overlap), each reported in full and in the registry's order, every one ACTIVE afterwards.
 */
class ValidatePendingTest {

    @TempDir
    Path tmp;

    @Test
    void pendingPayersAreValidatedConcurrencyAtATimeAndReportedInOrder() throws Exception {
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults().withSize(8, 2, 2).withLatencyMs(100))) {
            Path data = tmp.resolve("data");
            StringBuilder csv = new StringBuilder("payer_account_id,customer_id,customer_name,currency,role_arn,status\n");
            for (SandboxPayer p : sandbox.payers()) {
                csv.append(p.accountId()).append(',').append(p.customerId()).append(",\"").append(p.customerName())
                        .append("\",").append(p.currency()).append(',').append(p.roleArn()).append(",PENDING\n");
            }
            Path payers = Files.writeString(tmp.resolve("payers.csv"), csv);
            Path config = Files.writeString(tmp.resolve("billing.yml"), "billing:\n  job:\n    concurrency: 4\n");
            Path token = Files.writeString(tmp.resolve("token.jwt"), sandbox.webIdentityToken());
            List<String> global = List.of("--data-dir", data.toString(), "--config", config.toString(),
                    "--aws-endpoint", sandbox.endpoint().toString(), "--auth-mode", "token-file", "--token-file",
                    token.toString());
            Cli.Result imported = Cli.run(concat(global, "payers", "import", payers.toString()));
            assertThat(imported.exitCode()).as(imported.toString()).isZero();

            Cli.Result validated = Cli.run(concat(global, "payers", "validate", "--pending"));

            assertThat(validated.exitCode()).as(validated.toString()).isZero();
            assertThat(validated.out().strip()).endsWith("validated 8 pending payer(s): 8 passed, 0 did not");
            assertThat(sandbox.costExplorerPeakInFlight()).as("payers' Cost Explorer checks at once").isGreaterThan(1);
            assertThat(sandbox.requestCount("GetCostAndUsage")).as("one request a payer, USD 0.01").isEqualTo(8);
            List<String> ordered = validated.out().lines().filter(l -> l.contains(" is ACTIVE: it will be billed"))
                    .toList();
            List<String> ids = Cli.run("--data-dir", data.toString(), "payers", "list").out().lines()
                    .filter(l -> l.contains("ACTIVE")).map(l -> l.trim().split("\\s+")[0]).toList();
            assertThat(ids).hasSize(8);
            assertThat(ordered).extracting(l -> l.split(" ")[1]).containsExactlyElementsOf(
                    sandbox.payers().stream().map(SandboxPayer::accountId).sorted().toList());
        }
    }

    @Test
    void theLastLineCountsThoseThatDidNotPassAndNamesThem() {
        // the sandbox registers three problem accounts PENDING: a role that rejects our token, a member account, an
        // account without an organisation
        Cli.Result validated = Cli.sandbox(tmp.resolve("sandbox"), "payers", "validate", "--pending");

        assertThat(validated.exitCode()).as(validated.toString()).isEqualTo(1);
        String last = validated.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).startsWith("validated 3 pending payer(s): 0 passed, 3 did not (")
                .endsWith("; their reports are above)");
    }

    private static String[] concat(List<String> global, String... command) {
        return java.util.stream.Stream.concat(global.stream(), java.util.Arrays.stream(command)).toArray(String[]::new);
    }
}

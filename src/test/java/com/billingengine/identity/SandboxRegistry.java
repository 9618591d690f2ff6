package com.billingengine.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.billingengine.cli.Cli;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;
import com.billingengine.sandbox.SandboxPayer;

/**
 * Registers a running sandbox's healthy payers through `payers import` (PENDING) and `payers validate --pending`,
 * as an operator would. The validation goes to a healthy twin of the sandbox (same payers, no faults, no latency),
 * so the sandbox under test counts only the requests of what the test runs.
 */
public final class SandboxRegistry {

    private SandboxRegistry() {
    }

    /** Imports and validates with {@code --auth-mode token-file}: the database then holds "production" data. */
    public static void importPayers(AwsSandbox sandbox, Path dataDir) throws IOException {
        importPayers(sandbox, dataDir, "token-file");
    }

    /**
     * As above, validated with {@code authMode} ({@code sandbox} or {@code token-file}): the first command that talks
     * to AWS records the database's kind, so the validation signs in as the test's later commands do.
     */
    public static void importPayers(AwsSandbox sandbox, Path dataDir, String authMode) throws IOException {
        Files.createDirectories(dataDir);
        Path payers = dataDir.resolve("payers.csv");
        StringBuilder csv = new StringBuilder("payer_account_id,customer_id,customer_name,currency,role_arn,status\n");
        for (SandboxPayer p : sandbox.payers()) {
            csv.append(p.accountId()).append(',').append(p.customerId()).append(",\"").append(p.customerName())
                    .append("\",").append(p.currency()).append(',').append(p.roleArn()).append(",PENDING\n");
        }
        Files.writeString(payers, csv);
        Cli.Result imported = Cli.run("--data-dir", dataDir.toString(), "payers", "import", payers.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        validatePending(sandbox.options(), dataDir, authMode);
    }

    /** `payers validate --pending` against a healthy twin of the scenario. */
    public static void validatePending(SandboxOptions scenario, Path dataDir, String authMode) throws IOException {
        try (AwsSandbox twin = AwsSandbox.start(healthy(scenario))) {
            List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "--aws-endpoint",
                    twin.endpoint().toString(), "--auth-mode", authMode));
            if (authMode.equals("token-file")) {
                Path token = Files.writeString(Files.createDirectories(dataDir).resolve("validate-token.jwt"),
                        twin.webIdentityToken());
                args.addAll(List.of("--token-file", token.toString()));
            }
            args.addAll(List.of("payers", "validate", "--pending"));
            Cli.Result validated = Cli.run(args.toArray(String[]::new));
            assertThat(validated.exitCode()).as(validated.toString()).isZero();
        }
    }

    /** The scenario's payers and month without its faults, latency or outage. */
    public static SandboxOptions healthy(SandboxOptions o) {
        SandboxOptions.Variations v = o.variations();
        return new SandboxOptions(o.payers(), o.accountsPerPayer(), o.servicesPerPayer(), o.seed(), 0, 0, 0, Set.of(),
                false, o.credentialLifetime(), new SandboxOptions.Variations(v.accountLeaves(), 0, null, 0,
                        v.lateCredits()), 0);
    }
}

package com.billingengine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;
import com.billingengine.export.ExportContract;
import com.billingengine.identity.SandboxRegistry;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;
import com.billingengine.sandbox.SandboxPayer;

/**
 * Proof that the saved cursor, not the upserts, makes a restart cheap: the requests are counted at the sandbox
 * (each Cost Explorer request costs USD 0.01). A first run whose Cost Explorer refuses every payer's calls after
 * the first N fails part-way through costExtraction; the restart, against a healthy sandbox with the same data,
 * asks only for the pages not yet committed: a clean run's requests minus the N already made, plus the pages made
 * but not committed: the one the last commit stopped in and those fetched ahead (one a query, four queries of a
 * payer at a time, billing.costs.queries-per-payer).
 */
class CostExtractionResumptionTest {

    private static final String PERIOD = Cli.lastMonth();
    private static final SandboxOptions SCENARIO = SandboxOptions.defaults();
    /** billing.costs.queries-per-payer's default: each query may have one page fetched ahead of the commits. */
    private static final int QUERIES_AT_A_TIME = 4;

    private static Cli.Result command(AwsSandbox sandbox, Path dataDir, String... command) throws Exception {
        Path token = dataDir.resolve("token.jwt");
        Files.writeString(token, sandbox.webIdentityToken());
        String[] global = {"--data-dir", dataDir.toString(), "--aws-endpoint", sandbox.endpoint().toString(),
                "--auth-mode", "token-file", "--token-file", token.toString()};
        String[] all = new String[global.length + command.length];
        System.arraycopy(global, 0, all, 0, global.length);
        System.arraycopy(command, 0, all, global.length, command.length);
        return Cli.run(all);
    }

    private static Map<String, Long> costExplorerRequests(AwsSandbox sandbox) {
        Map<String, Long> requests = new LinkedHashMap<>();
        for (SandboxPayer payer : sandbox.payers()) {
            requests.put(payer.accountId(), sandbox.requestCount("GetCostAndUsage", payer.accountId()));
        }
        return requests;
    }

    @Test
    void aRestartAfterAFailureInCostExtractionRequestsOnlyThePagesNotYetCommitted(@TempDir Path straightDir,
            @TempDir Path dataDir) throws Exception {
        Map<String, Long> clean;
        try (AwsSandbox sandbox = AwsSandbox.start(SCENARIO)) {
            SandboxRegistry.importPayers(sandbox, straightDir);
            Cli.Result straight = command(sandbox, straightDir, "run", "--period", PERIOD);
            assertThat(straight.exitCode()).as(straight.toString()).isZero();
            clean = costExplorerRequests(sandbox);
        }
        // fail in each payer's last query (its largest), with three requests still to go for the smallest payer
        int cutOff = (int) (clean.values().stream().mapToLong(Long::longValue).min().orElseThrow() - 3);
        assertThat(cutOff).as("enough pages per payer to stop part-way").isGreaterThan(8);

        try (AwsSandbox failing = AwsSandbox.start(SCENARIO.withFaults("fail-ce-after=" + cutOff))) {
            SandboxRegistry.importPayers(failing, dataDir);
            Cli.Result failed = command(failing, dataDir, "run", "--period", PERIOD);
            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
            assertThat(failed.out()).contains("costExtraction", "DataUnavailableException");
            // the refused request, and those of the payer's other queries already on their way
            costExplorerRequests(failing).values().forEach(made -> assertThat(made).isBetween(cutOff + 1L,
                    cutOff + (long) QUERIES_AT_A_TIME));
        }

        try (AwsSandbox healed = AwsSandbox.start(SCENARIO)) {
            Cli.Result restart = command(healed, dataDir, "restart", "--period", PERIOD);
            assertThat(restart.exitCode()).as(restart.toString()).isZero();
            Map<String, Long> resumed = costExplorerRequests(healed);
            for (Map.Entry<String, Long> payer : clean.entrySet()) {
                long notYetCommitted = payer.getValue() - cutOff;
                assertThat(resumed.get(payer.getKey())).as("payer %s: %d requests in a clean run, %d made before"
                        + " the failure", payer.getKey(), payer.getValue(), cutOff)
                        .isBetween(notYetCommitted, notYetCommitted + 1 + QUERIES_AT_A_TIME);
            }
        }
        for (String file : List.of("invoice-lines.csv", "invoices.xml", "focus.csv")) {
            assertThat(ExportContract.bytes(MonthlyBillingJobTest.export(dataDir, 1).resolve(file))).as(file)
                    .isEqualTo(ExportContract.bytes(MonthlyBillingJobTest.export(straightDir, 1).resolve(file)));
        }
    }
}

package com.billingengine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;
import com.billingengine.identity.SandboxRegistry;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;
import com.billingengine.sandbox.SandboxPayer;

/**
 * kill -9 while one payer's record-type queries are read in parallel (billing.costs.queries-per-payer 4): the
 * packaged engine bills against a sandbox living in this JVM, which outlives the engine and counts its requests.
 * The restart asks only for the pages no committed chunk holds: the requests a clean run makes minus those made
 * before the kill, plus at most the pages made but not committed (per query being read: the page a commit stopped
 * in and the one fetched ahead; and the pages of the chunk cut off). Exports are byte-identical to a clean run's.
 */
class KillDuringParallelQueriesIT {

    private static final String PERIOD = Cli.lastMonth();
    private static final Duration LIMIT = Duration.ofMinutes(4);
    private static final int QUERIES_AT_A_TIME = 4;
    /** One large payer, 40 ms a request: 68 Cost Explorer requests in a clean run, most of them Usage pages. */
    private static final SandboxOptions ONE_PAYER = SandboxOptions.defaults().withSize(1, 40, 30).withLatencyMs(40);
    private static final List<String> FILES = List.of("invoice-lines.csv", "invoices.xml", "focus.csv");

    @Test
    void killedDuringParallelQueriesTheRestartAsksOnlyForTheUncommittedPages(@TempDir Path straightDir,
            @TempDir Path dataDir) throws Exception {
        long clean;
        try (AwsSandbox sandbox = AwsSandbox.start(ONE_PAYER)) {
            SandboxRegistry.importPayers(sandbox, straightDir);
            Process straight = engine(sandbox, straightDir, "run", "--period", PERIOD);
            assertThat(straight.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(straight.exitValue()).as(Files.readString(straightDir.resolve("run.out"))).isZero();
            clean = requests(sandbox);
        }
        assertThat(clean).as("pages enough to be caught part-way").isGreaterThan(60);

        try (AwsSandbox sandbox = AwsSandbox.start(ONE_PAYER)) {
            SandboxRegistry.importPayers(sandbox, dataDir);
            Process run = engine(sandbox, dataDir, "run", "--period", PERIOD);
            KillAndRestartIT.killWhenLogged(run, dataDir, "page 30 read", 1);
            Thread.sleep(2 * ONE_PAYER.latencyMs() + 200); // a request in flight at the kill is answered, and counted
            long beforeKill = requests(sandbox);
            assertThat(sandbox.costExplorerPeakInFlight()).as("the payer's queries were read in parallel")
                    .isGreaterThan(1);
            assertThat(beforeKill).as("killed part-way").isBetween(30L, clean - 20);

            Thread.sleep(Duration.ofSeconds(4).toMillis()); // the dead run's 3 s lease runs out
            Process restart = engine(sandbox, dataDir, "restart", "--period", PERIOD);
            assertThat(restart.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(dataDir.resolve("restart.out"));
            assertThat(restart.exitValue()).as(out).isZero();
            assertThat(out).contains("rev-1: COMPLETED");
            long resumed = requests(sandbox) - beforeKill;
            long neverAsked = clean - beforeKill;
            assertThat(resumed).as("restart's requests: a clean run makes %d, %d were made before the kill", clean,
                    beforeKill).isBetween(neverAsked, neverAsked + 2L * QUERIES_AT_A_TIME + 2);
        }
        for (String file : FILES) {
            assertThat(Files.readAllBytes(MonthlyBillingJobTest.export(dataDir, 1).resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(MonthlyBillingJobTest.export(straightDir, 1).resolve(file)));
        }
    }

    private static long requests(AwsSandbox sandbox) {
        long requests = 0;
        for (SandboxPayer payer : sandbox.payers()) {
            requests += sandbox.requestCount("GetCostAndUsage", payer.accountId());
        }
        return requests;
    }

    /** The packaged engine against the sandbox of this JVM, with a 3 s lease and four queries of a payer at a time. */
    private static Process engine(AwsSandbox sandbox, Path dataDir, String... command) throws Exception {
        Path token = Files.writeString(dataDir.resolve("token.jwt"), sandbox.webIdentityToken());
        List<String> all = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("billing.jar"), "--data-dir", dataDir.toString(), "--aws-endpoint",
                sandbox.endpoint().toString(), "--auth-mode", "token-file", "--token-file", token.toString()));
        all.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(all).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve(command[0] + ".out").toFile());
        builder.environment().put("BILLING_JOB_LEASESECONDS", "3");
        builder.environment().put("BILLING_COSTS_QUERIES_PER_PAYER", String.valueOf(QUERIES_AT_A_TIME));
        return builder.start();
    }
}

package com.billingengine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;
import com.billingengine.export.ExportContract;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;

/**
 * Run ownership is a lease in billing_run, whoever holds it and wherever: the rows written here are what another
 * host's process leaves behind (a different owner id, another host name, a pid that means nothing on this machine).
 * A fresh lease refuses every command, --force included; an expired one is recovered by restart.
 */
class RunLeaseTest {

    private static final String PERIOD = Cli.lastMonth();

    @TempDir
    Path dataDir;

    /** A revision that failed (one payer's calls always fail), so there is something to restart. */
    @BeforeEach
    void failedRun() {
        String payer;
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults())) {
            payer = sandbox.payers().get(1).accountId();
        }
        Cli.Result failed = cli("--sandbox-faults", "fail=" + payer, "run", "--period", PERIOD);
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
    }

    private Cli.Result cli(String... args) {
        return Cli.sandbox(dataDir, args);
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("db/billing")
                + ";AUTO_SERVER=TRUE", "sa", ""); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** As a SIGKILL leaves it: the job repository still says STARTED. */
    private static final String MARK_STARTED = "UPDATE BATCH_JOB_EXECUTION SET STATUS = 'STARTED', EXIT_CODE = 'UNKNOWN',"
            + " END_TIME = NULL WHERE JOB_EXECUTION_ID = (SELECT MAX(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION)";

    private static String leaseOf(String owner, String expires) {
        return "UPDATE billing_run SET owner_id = " + owner + ", host = 'billing-agent-7', pid = 4242,"
                + " lease_expires_at = " + expires;
    }

    @Test
    void aFreshLeaseHeldOnAnotherHostRefusesRunRestartAndRestartForce() throws Exception {
        sql(MARK_STARTED, leaseOf("'owner-on-another-host'", "CURRENT_TIMESTAMP + INTERVAL '10' MINUTE"));

        for (String[] command : new String[][] {{"run", "--period", PERIOD}, {"restart", "--period", PERIOD},
                {"restart", "--period", PERIOD, "--force"}, {"restart", "--period", PERIOD, "--reextract"}}) {
            Cli.Result refused = cli(command);
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
            assertThat(refused.err()).contains("in progress", "held by billing-agent-7 pid 4242 until");
        }
        assertThat(MonthlyBillingJobTest.export(dataDir, 1)).doesNotExist();
    }

    @Test
    void aRunWhoseLeaseExpiredOnAnotherHostIsRecoveredByRestartFromThisOne() throws Exception {
        sql(MARK_STARTED, leaseOf("'owner-on-another-host'", "CURRENT_TIMESTAMP - INTERVAL '1' SECOND"));

        Cli.Result run = cli("run", "--period", PERIOD);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("stopped renewing its lease", "billing-agent-7 pid 4242, expired at",
                "restart --period " + PERIOD);

        Cli.Result restart = cli("restart", "--period", PERIOD);
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertThat(restart.out()).contains("rev-1: COMPLETED");
        ExportContract.verify(MonthlyBillingJobTest.export(dataDir, 1));
    }

    @Test
    void aRunMarkedInProgressWithoutAnyLeaseNeedsForce() throws Exception {
        // what an engine before leases left: host and pid only
        sql(MARK_STARTED, leaseOf("NULL", "NULL"));

        Cli.Result restart = cli("restart", "--period", PERIOD);
        assertThat(restart.exitCode()).as(restart.toString()).isEqualTo(3);
        assertThat(restart.err()).contains("holds no lease", "billing-agent-7 pid 4242", "--force");

        Cli.Result forced = cli("restart", "--period", PERIOD, "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        ExportContract.verify(MonthlyBillingJobTest.export(dataDir, 1));
    }
}

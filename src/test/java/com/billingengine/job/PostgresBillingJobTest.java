package com.billingengine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;
import com.billingengine.export.ExportContract;

/**
 * The same job on the machine's PostgreSQL (127.0.0.1:5432, user postgres): schema created on first use, the
 * run completes, a second run is refused and the export meets the contract.
 */
class PostgresBillingJobTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private final String database = "billing_test_" + Long.toHexString(System.nanoTime());

    @BeforeEach
    void createDatabase() throws SQLException {
        execute("CREATE DATABASE " + database);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void theMonthlyJobRunsOnPostgres(@TempDir Path dataDir) throws Exception {
        String[] global = {"--data-dir", dataDir.toString(), "--db-url", SERVER + database, "--db-user", "postgres",
                "--sandbox"};
        Cli.Result run = Cli.run(concat(global, "run", "--period", MonthlyBillingJobTest.PERIOD));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        ExportContract.verify(MonthlyBillingJobTest.export(dataDir, 1));

        Cli.Result again = Cli.run(concat(global, "run", "--period", MonthlyBillingJobTest.PERIOD));
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(3);

        Cli.Result status = Cli.run(concat(global, "status"));
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains(MonthlyBillingJobTest.PERIOD + " rev-1  COMPLETED", "costExtraction");
        // H2 stays untouched: everything went to PostgreSQL
        assertThat(dataDir.resolve("db")).doesNotExist();
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}

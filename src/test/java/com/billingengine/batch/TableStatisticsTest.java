package com.billingengine.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;

/**
 * The steps that bulk-load cost_line and invoice_line leave PostgreSQL statistics of them behind: the later steps'
 * per-invoice and per-payer queries are planned for the loaded tables, not for the empty ones the planner last saw
 * (at 10 M cost lines, without them, each invoice's export query scanned every invoice line of the run). The
 * server here runs without autovacuum, and a manual ANALYZE is what sets last_analyze in any case.
 */
class TableStatisticsTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String DATABASE = "table_statistics";

    @BeforeEach
    void createDatabase() throws SQLException {
        execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        execute("CREATE DATABASE " + DATABASE);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }

    @Test
    void costExtractionAndInvoiceLinesLeaveStatisticsOfTheirTables(@TempDir Path dataDir) throws Exception {
        Cli.Result run = Cli.run("--data-dir", dataDir.toString(), "--db-url", SERVER + DATABASE, "--db-user",
                "postgres", "--sandbox", "run", "--period", "2026-10");
        assertThat(run.exitCode()).as(run.toString()).isZero();

        try (Connection db = DriverManager.getConnection(SERVER + DATABASE, "postgres", "");
                ResultSet rs = db.createStatement().executeQuery("SELECT relname, last_analyze IS NOT NULL,"
                        + " n_live_tup FROM pg_stat_user_tables WHERE relname IN ('cost_line', 'invoice_line')"
                        + " ORDER BY relname")) {
            for (String table : new String[] {"cost_line", "invoice_line"}) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(table);
                assertThat(rs.getBoolean(2)).as(table + " analyzed").isTrue();
                assertThat(rs.getLong(3)).as(table + " rows").isPositive();
            }
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }
}

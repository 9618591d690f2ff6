package com.billingengine.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;

/**
 * invoiceLines is a chunk-oriented step: the run's invoices are dealt into billing.job.concurrency partitions, each
 * reads its invoices, prices them and writes them billing.job.invoice-chunk-size at a time, and Spring Batch keeps
 * the counts (invoices read and written, one commit per chunk). The sandbox bills three invoices.
 */
class InvoiceChunksTest {

    private static final String PERIOD = Cli.lastMonth();

    @TempDir
    Path dataDir;

    @TempDir
    Path configDir;

    @Test
    void theChunkSizeIsTheInvoicesPerCommitAndBatchCountsThem() throws Exception {
        Cli.Result run = run(1, 2);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        // one partition of three invoices: a chunk of two, then one
        assertThat(partitions()).containsExactly("invoiceLinesCustomer:invoices-1-of-1 read 3 written 3 commits 2");
    }

    @Test
    void theInvoicesAreDealtIntoConcurrencyPartitions() throws Exception {
        Cli.Result run = run(2, 1);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(partitions()).containsExactly("invoiceLinesCustomer:invoices-1-of-2 read 2 written 2 commits 2",
                "invoiceLinesCustomer:invoices-2-of-2 read 1 written 1 commits 1");
    }

    private Cli.Result run(int concurrency, int chunkSize) throws Exception {
        Path config = Files.writeString(configDir.resolve("monthly-billing.yml"), """
                billing:
                  exchange-rates: "%s"
                  job:
                    concurrency: %d
                    invoice-chunk-size: %d
                """.formatted(RunConfig.SHIPPED_RATES, concurrency, chunkSize));
        return Cli.sandbox(dataDir, "--config", config.toString(), "run", "--period", PERIOD);
    }

    private List<String> partitions() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("db/billing")
                + ";AUTO_SERVER=TRUE", "sa", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT STEP_NAME, READ_COUNT, WRITE_COUNT, COMMIT_COUNT"
                        + " FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'invoiceLinesCustomer:%' ORDER BY STEP_NAME")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " read " + rs.getLong(2) + " written " + rs.getLong(3) + " commits "
                        + rs.getLong(4));
            }
        }
        return rows;
    }
}

package com.billingengine.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;

/**
 * Issue 17 asked whether two invoiceLines partitions can wait on each other's rows on H2 (a restart failing with
 * "INSERT INTO invoice_line … Timeout trying to lock table"). They cannot: a partition's writer deletes and inserts
 * only its own invoices' rows (customer and currency in the DELETE, line ids that name the customer and payer), and
 * H2 (MVStore) locks rows, not the table, for DML. Here, on a file database with the engine's URL, one partition's
 * chunk stays uncommitted while the other partition replaces its own invoices (a restart's replay over lines a killed
 * attempt committed, one of them the same customer in another currency) and the manager's ANALYZE runs: neither
 * waits. Were they to wait, H2 would fail them after its LOCK_TIMEOUT (2 s) while the first transaction is open.
 */
class PartitionWritersNeverWaitTest {

    private static final BillingRun RUN = new BillingRun(BillingPeriod.parse("2026-10"), 1);

    @TempDir
    Path dataDir;

    @Test
    void aPartitionReplacesItsInvoicesWhileAnotherPartitionsChunkIsOpen() throws Exception {
        String url = engineUrl(dataDir);
        SingleConnectionDataSource setup = new SingleConnectionDataSource(url, "sa", "", true);
        Flyway.configure().dataSource(setup)
                .locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
        setup.destroy();
        CustomerInvoice aEur = invoice("C-1", "EUR", "111111111111", "0.9150");
        CustomerInvoice aUsd = invoice("C-2", "USD", "222222222222", "1");
        CustomerInvoice bUsd = invoice("C-1", "USD", "333333333333", "1"); // A's customer, another currency
        CustomerInvoice bJpy = invoice("C-3", "JPY", "444444444444", "149.20");
        // the killed attempt committed every invoice once; the restart replays both partitions' chunks
        try (Partition killed = new Partition(url)) {
            killed.write(aEur, aUsd, bUsd, bJpy);
            killed.commit();
        }

        CountDownLatch aWrote = new CountDownLatch(1);
        CountDownLatch bDone = new CountDownLatch(1);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> {
            try (Partition partition = new Partition(url)) {
                partition.write(aEur, aUsd);
                aWrote.countDown();
                // A's rows stay locked until B has finished (or given up)
                assertThat(bDone.await(30, TimeUnit.SECONDS)).as("B finished while A's chunk was open").isTrue();
                partition.commit();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThat(aWrote.await(30, TimeUnit.SECONDS)).as("A wrote its chunk").isTrue();
            try (Partition b = new Partition(url)) {
                b.write(bUsd, bJpy);
                b.commit();
                // the manager refreshes the statistics after the step: no table lock either
                b.jdbc.execute("ANALYZE TABLE invoice_line");
            }
        } finally {
            bDone.countDown();
        }
        a.get(30, TimeUnit.SECONDS);

        try (Partition check = new Partition(url)) {
            List<Map<String, Object>> perInvoice = check.jdbc.queryForList("""
                    SELECT customer_id, currency, COUNT(*) AS n FROM invoice_line
                    WHERE billing_period = '2026-10' AND revision = 1
                    GROUP BY customer_id, currency ORDER BY customer_id, currency""");
            assertThat(perInvoice).as("each invoice once, two lines each").extracting(r -> r.get("CUSTOMER_ID") + " "
                    + r.get("CURRENCY") + " " + r.get("N")).containsExactly("C-1 EUR 2", "C-1 USD 2", "C-2 USD 2",
                    "C-3 JPY 2");
        }
    }

    /** One partition's transaction: its own connection, auto-commit off, the engine's writer on it. */
    private static final class Partition implements AutoCloseable {

        final SingleConnectionDataSource dataSource;
        final JdbcTemplate jdbc;
        final InvoiceLineWriter writer;

        Partition(String url) {
            dataSource = new SingleConnectionDataSource(url, "sa", "", true);
            dataSource.setAutoCommit(false);
            jdbc = new JdbcTemplate(dataSource);
            writer = new InvoiceLineWriter(jdbc, RUN);
        }

        void write(CustomerInvoice... invoices) throws Exception {
            writer.write(new Chunk<>(List.of(invoices)));
        }

        void commit() throws Exception {
            try (Connection c = dataSource.getConnection()) {
                c.commit();
            }
        }

        @Override
        public void close() {
            dataSource.destroy();
        }
    }

    private static CustomerInvoice invoice(String customer, String currency, String payer, String rate) {
        List<InvoiceLine> lines = new ArrayList<>();
        for (String service : List.of("Amazon EC2", "AWS Lambda")) {
            String account = payer.substring(0, 11) + "9";
            lines.add(new InvoiceLine(
                    InvoicePricer.lineId(RUN.periodText(), customer, payer + "/" + account + "/usage/" + service),
                    customer, customer + " Ltd", currency, payer, account, "account " + account, service, "usage",
                    new BigDecimal("10.00"), new BigDecimal("11.00"), new BigDecimal("11.00"), "registry",
                    new BigDecimal("10"), new BigDecimal(rate)));
        }
        return new CustomerInvoice(new CustomerInvoice.InvoiceKey(customer, customer + " Ltd", currency,
                new BigDecimal(rate)), lines);
    }

    /** The engine's default H2 URL for a data dir, as application.properties defines it. */
    private static String engineUrl(Path dataDir) throws Exception {
        Properties properties = new Properties();
        try (InputStream in = PartitionWritersNeverWaitTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        String url = properties.getProperty("spring.datasource.url");
        String fallback = url.substring(url.indexOf("billing.db-url:") + "billing.db-url:".length(), url.length() - 1);
        return fallback.replace("${billing.data-dir}", dataDir.toString());
    }
}

package com.billingengine.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The invoice line writer as the invoiceLines worker step runs it (the real chunk-oriented step of
 * {@link InvoiceLinesStepConfiguration}: pricer and writer in one transaction, on H2 with Tanaka's staged month):
 * it replaces exactly its own invoice's lines with the priced values, stores the exact amounts unrounded, a replayed
 * partition leaves one copy, and a write that fails part-way leaves the invoice as it was.
 */
class InvoiceLineWriterTest {

    private StagedTanaka staged;

    @BeforeEach
    void stage() throws Exception {
        staged = new StagedTanaka();
    }

    @AfterEach
    void drop() {
        staged.close();
    }

    private StepExecution execute(ExecutionContext partition) throws Exception {
        StepExecution execution = MetaDataInstanceFactory.createStepExecution(
                staged.workerExecution().getJobParameters(), partition);
        // the worker step as invoiceLines builds it, its reader over this partition's invoices
        Step worker = InvoiceLinesStepConfiguration.worker(new ResourcelessJobRepository(),
                new DataSourceTransactionManager(staged.dataSource), 5,
                new InvoiceKeyReader(InvoicePartitioner.keys(partition)), staged.pricer(),
                new InvoiceLineWriter(staged.jdbc, StagedTanaka.RUN));
        worker.execute(execution);
        return execution;
    }

    private void insertLine(String lineId, String customerId, String currency, String amount) {
        staged.jdbc.update("""
                INSERT INTO invoice_line VALUES ('2026-10', 1, ?, ?, 'Someone', ?, '111111111111', '111111111111', 'a',
                    'Amazon Simple Storage Service', 'usage', 1, ?, ?, 'global-markup', 5, 1)""",
                lineId, customerId, currency, new BigDecimal(amount), new BigDecimal(amount));
    }

    private List<Map<String, Object>> rows() {
        return staged.jdbc.queryForList("SELECT * FROM invoice_line ORDER BY line_id");
    }

    @Test
    void writesItsInvoiceExactlyAndLeavesOtherInvoicesAlone() throws Exception {
        insertLine("Lother", "C-1001", "USD", "10.00"); // another customer's invoice
        insertLine("Lstale", "C-1003", "JPY", "99"); // a line this invoice no longer has
        StepExecution execution = execute(staged.partition());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(execution.getReadCount()).as("one invoice").isEqualTo(1);
        assertThat(execution.getWriteCount()).as("the invoice, its 165 lines").isEqualTo(1);
        assertThat(staged.jdbc.queryForObject("SELECT COUNT(*) FROM invoice_line WHERE customer_id = 'C-1003'",
                Integer.class)).isEqualTo(165);
        assertThat(staged.jdbc.queryForObject("SELECT SUM(amount) FROM invoice_line WHERE customer_id = 'C-1003'",
                BigDecimal.class)).isEqualByComparingTo("15348109");
        assertThat(staged.jdbc.queryForList("SELECT line_id FROM invoice_line WHERE line_id IN ('Lother', 'Lstale')",
                String.class)).containsExactly("Lother");

        Map<String, Object> ec2 = staged.jdbc.queryForMap("SELECT * FROM invoice_line WHERE line_id = 'L4218c4d926604c20'");
        assertThat(ec2).containsEntry("BILLING_PERIOD", "2026-10").containsEntry("REVISION", 1)
                .containsEntry("CUSTOMER_ID", "C-1003").containsEntry("CUSTOMER_NAME", "Tanaka Shoji K.K.")
                .containsEntry("CURRENCY", "JPY").containsEntry("PAYER_ACCOUNT_ID", StagedTanaka.PAYER)
                .containsEntry("ACCOUNT_ID", "230160654387").containsEntry("ACCOUNT_NAME", "edge-cdn-29")
                .containsEntry("SERVICE", "Amazon Elastic Compute Cloud - Compute").containsEntry("CHARGE_TYPE", "usage")
                .containsEntry("PRICING_RULE", "global-markup");
        assertThat((BigDecimal) ec2.get("AWS_COST")).isEqualByComparingTo("3651.883438608");
        assertThat((BigDecimal) ec2.get("EXACT_AMOUNT")).as("unrounded: what the amount was rounded from")
                .isEqualByComparingTo("572104.05949232928");
        assertThat((BigDecimal) ec2.get("AMOUNT")).isEqualByComparingTo("572104");
        assertThat((BigDecimal) ec2.get("MARKUP_PERCENT")).isEqualByComparingTo("5");
        assertThat((BigDecimal) ec2.get("EXCHANGE_RATE")).isEqualByComparingTo("149.20");
    }

    @Test
    void aReplayedPartitionLeavesExactlyOneCopy() throws Exception {
        execute(staged.partition());
        List<Map<String, Object>> once = rows();
        StepExecution replay = execute(staged.partition());
        assertThat(replay.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(rows()).hasSize(165).isEqualTo(once);
    }

    @Test
    void aWriteThatFailsPartWayLeavesTheInvoiceAsItWas() throws Exception {
        execute(staged.partition());
        List<Map<String, Object>> before = rows();
        // a customer name longer than invoice_line.customer_name takes: the inserts fail after the delete ran
        ExecutionContext partition = staged.partition();
        partition.putString(InvoicePartitioner.field(0, InvoicePartitioner.CUSTOMER_NAME), "T".repeat(600));
        StepExecution failed = execute(partition);

        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failed.getFailureExceptions()).isNotEmpty();
        assertThat(rows()).as("the delete was rolled back with the failed inserts").isEqualTo(before);
    }

    @Test
    void storesTheAuditValuesExactlyWhateverTheirScale() throws Exception {
        // wider than the old column types kept: DECIMAL(38,18), DECIMAL(24,10), DECIMAL(9,4)
        InvoiceLine line = new InvoiceLine("Lexact", "C-1003", "Tanaka Shoji K.K.", "EUR", StagedTanaka.PAYER,
                "230160654387", "edge-cdn-29", "AWS Lambda", "usage", new BigDecimal("0.1234567890123456789"),
                new BigDecimal("0.1140862372349818180491728395"), new BigDecimal("0.11"), "odd-rule",
                new BigDecimal("8.123456"), new BigDecimal("0.915012345678912"));
        new InvoiceLineWriter(staged.jdbc, StagedTanaka.RUN).write(org.springframework.batch.infrastructure.item.Chunk
                .of(new CustomerInvoice(new CustomerInvoice.InvoiceKey("C-1003", "Tanaka Shoji K.K.", "EUR",
                        line.exchangeRate()), List.of(line))));

        Map<String, Object> row = staged.jdbc.queryForMap("SELECT * FROM invoice_line WHERE line_id = 'Lexact'");
        assertThat((BigDecimal) row.get("EXACT_AMOUNT")).isEqualByComparingTo(line.exactAmount());
        assertThat((BigDecimal) row.get("EXCHANGE_RATE")).isEqualByComparingTo(line.exchangeRate());
        assertThat((BigDecimal) row.get("MARKUP_PERCENT")).isEqualByComparingTo(line.markupPercent());
    }
}

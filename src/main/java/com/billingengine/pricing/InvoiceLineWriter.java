package com.billingengine.pricing;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import com.billingengine.period.BillingRun;

/**
 * Replaces each invoice of a chunk as a whole, in the chunk's transaction: its old lines deleted, then all the
 * chunk's lines inserted in one JDBC batch ({@link JdbcBatchItemWriter}), so a replayed chunk leaves exactly one
 * copy and a chunk that fails part-way leaves its invoices as they were.
 */
class InvoiceLineWriter implements ItemWriter<CustomerInvoice> {

    private final JdbcTemplate jdbc;
    private final BillingRun run;
    private final JdbcBatchItemWriter<InvoiceLine> lines;

    InvoiceLineWriter(JdbcTemplate jdbc, BillingRun run) {
        this.jdbc = jdbc;
        this.run = run;
        this.lines = new JdbcBatchItemWriterBuilder<InvoiceLine>()
                .namedParametersJdbcTemplate(new NamedParameterJdbcTemplate(jdbc))
                .sql("""
                        INSERT INTO invoice_line (billing_period, revision, line_id, customer_id, customer_name, currency,
                            payer_account_id, account_id, account_name, service, charge_type, aws_cost, exact_amount, amount,
                            pricing_rule, markup_percent, exchange_rate)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .itemPreparedStatementSetter((l, ps) -> {
                    ps.setString(1, run.periodText());
                    ps.setInt(2, run.revision());
                    ps.setString(3, l.lineId());
                    ps.setString(4, l.customerId());
                    ps.setString(5, l.customerName());
                    ps.setString(6, l.currency());
                    ps.setString(7, l.payerAccountId());
                    ps.setString(8, l.accountId());
                    ps.setString(9, l.accountName());
                    ps.setString(10, l.service());
                    ps.setString(11, l.chargeType());
                    ps.setBigDecimal(12, l.awsCost());
                    ps.setBigDecimal(13, l.exactAmount());
                    ps.setBigDecimal(14, l.amount());
                    ps.setString(15, l.pricingRule());
                    ps.setBigDecimal(16, l.markupPercent());
                    ps.setBigDecimal(17, l.exchangeRate());
                })
                .build();
    }

    @Override
    public void write(Chunk<? extends CustomerInvoice> chunk) throws Exception {
        List<InvoiceLine> all = new ArrayList<>();
        for (CustomerInvoice invoice : chunk) {
            jdbc.update("DELETE FROM invoice_line WHERE billing_period = ? AND revision = ? AND customer_id = ? AND currency = ?",
                    run.periodText(), run.revision(), invoice.key().customerId(), invoice.key().currency());
            all.addAll(invoice.lines());
        }
        if (!all.isEmpty()) {
            lines.write(new Chunk<>(all));
        }
    }
}

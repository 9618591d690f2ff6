package com.billingengine.pricing;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

import com.billingengine.period.BillingRun;

/** Replaces each invoice's lines as a whole, so a replayed chunk leaves exactly one copy. */
class InvoiceLineWriter implements ItemWriter<CustomerInvoice> {

    private final JdbcTemplate jdbc;
    private final BillingRun run;

    InvoiceLineWriter(JdbcTemplate jdbc, BillingRun run) {
        this.jdbc = jdbc;
        this.run = run;
    }

    @Override
    public void write(Chunk<? extends CustomerInvoice> chunk) {
        for (CustomerInvoice invoice : chunk) {
            jdbc.update("DELETE FROM invoice_line WHERE billing_period = ? AND revision = ? AND customer_id = ? AND currency = ?",
                    run.periodText(), run.revision(), invoice.key().customerId(), invoice.key().currency());
            jdbc.batchUpdate("""
                    INSERT INTO invoice_line (billing_period, revision, line_id, customer_id, customer_name, currency,
                        payer_account_id, account_id, account_name, service, charge_type, aws_cost, exact_amount, amount,
                        pricing_rule, markup_percent, exchange_rate)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", invoice.lines(), 500, (ps, l) -> {
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
            });
        }
    }
}

package com.billingengine.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.billingengine.period.BillingRun;
import com.billingengine.pricing.InvoiceLine;

/**
 * A run's invoice lines in export order, read from the database one invoice (customer × currency) at a time each
 * time it is iterated: memory holds one invoice, not the run. The order is Java's {@link String#compareTo} of the
 * natural key, so it never depends on the database's text collation (H2, a PostgreSQL "C" or "en_US" database all
 * give the same bytes).
 */
final class InvoiceLineSource implements Iterable<InvoiceLine> {

    /** Export order: invoice, then payer, account, service, charge type, line id. */
    static final Comparator<InvoiceLine> ORDER = Comparator.comparing(InvoiceLine::customerId)
            .thenComparing(InvoiceLine::currency).thenComparing(InvoiceLine::payerAccountId)
            .thenComparing(InvoiceLine::accountId).thenComparing(InvoiceLine::service)
            .thenComparing(InvoiceLine::chargeType).thenComparing(InvoiceLine::lineId);

    private record Invoice(String customerId, String currency) {
    }

    private final JdbcClient jdbc;
    private final BillingRun run;

    InvoiceLineSource(JdbcClient jdbc, BillingRun run) {
        this.jdbc = jdbc;
        this.run = run;
    }

    @Override
    public Iterator<InvoiceLine> iterator() {
        List<Invoice> invoices = jdbc.sql("SELECT DISTINCT customer_id, currency FROM invoice_line"
                        + " WHERE billing_period = ? AND revision = ?")
                .params(run.periodText(), run.revision())
                .query((rs, i) -> new Invoice(rs.getString("customer_id"), rs.getString("currency")))
                .list().stream()
                .sorted(Comparator.comparing(Invoice::customerId).thenComparing(Invoice::currency))
                .toList();
        return new Iterator<>() {
            private int next;
            private Iterator<InvoiceLine> current = List.<InvoiceLine>of().iterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && next < invoices.size()) {
                    current = lines(invoices.get(next++)).iterator();
                }
                return current.hasNext();
            }

            @Override
            public InvoiceLine next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** How many lines the run has. */
    int count() {
        return jdbc.sql("SELECT COUNT(*) FROM invoice_line WHERE billing_period = ? AND revision = ?")
                .params(run.periodText(), run.revision()).query(Integer.class).single();
    }

    private List<InvoiceLine> lines(Invoice invoice) {
        List<InvoiceLine> lines = new ArrayList<>(jdbc.sql("""
                SELECT * FROM invoice_line
                WHERE billing_period = ? AND revision = ? AND customer_id = ? AND currency = ?""")
                .params(run.periodText(), run.revision(), invoice.customerId(), invoice.currency())
                .query((rs, i) -> new InvoiceLine(rs.getString("line_id"), rs.getString("customer_id"),
                        rs.getString("customer_name"), rs.getString("currency"), rs.getString("payer_account_id"),
                        rs.getString("account_id"), rs.getString("account_name"), rs.getString("service"),
                        rs.getString("charge_type"), rs.getBigDecimal("aws_cost"), rs.getBigDecimal("exact_amount"),
                        rs.getBigDecimal("amount"), rs.getString("pricing_rule"), rs.getBigDecimal("markup_percent"),
                        rs.getBigDecimal("exchange_rate")))
                .list());
        lines.sort(ORDER);
        return lines;
    }
}

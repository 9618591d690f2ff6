package com.billingengine.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.billingengine.period.BillingRun;

/**
 * The run's invoices (customer × currency), in a stable order; its position survives a restart. Before the first
 * invoice it refuses data that must not be finalised: estimated Cost Explorer days, and currencies without a rate.
 */
class InvoiceKeyReader extends AbstractItemCountingItemStreamItemReader<CustomerInvoice.InvoiceKey> {

    private final JdbcClient jdbc;
    private final BillingRun run;
    private final ExchangeRates rates;
    private final boolean allowEstimated;
    private List<CustomerInvoice.InvoiceKey> keys;
    private Map<String, BigDecimal> ratesUsed;

    InvoiceKeyReader(JdbcClient jdbc, BillingRun run, ExchangeRates rates, boolean allowEstimated) {
        this.jdbc = jdbc;
        this.run = run;
        this.rates = rates;
        this.allowEstimated = allowEstimated;
        setName("invoices");
    }

    @Override
    protected void doOpen() {
        int estimatedDays = jdbc.sql("""
                SELECT COUNT(DISTINCT usage_date) FROM cost_line
                WHERE billing_period = ? AND revision = ? AND estimated = TRUE""")
                .params(run.periodText(), run.revision()).query(Integer.class).single();
        if (estimatedDays > 0 && !allowEstimated) {
            throw new ItemStreamException("Cost Explorer still marks " + estimatedDays + " day(s) of " + run.period()
                    + " as estimated: AWS has not finalised the month's bill. Wait until it does (usually a few days"
                    + " into the next month) and continue with `restart --period " + run.period() + " --reextract`"
                    + " (reads Cost Explorer again), or run with --allow-estimated for a provisional invoice");
        }
        keys = jdbc.sql("""
                SELECT customer_id, MIN(customer_name) AS customer_name, currency FROM run_payer
                WHERE billing_period = ? AND revision = ? GROUP BY customer_id, currency ORDER BY customer_id, currency""")
                .params(run.periodText(), run.revision())
                .query((rs, i) -> new CustomerInvoice.InvoiceKey(rs.getString("customer_id"),
                        rs.getString("customer_name"), rs.getString("currency")))
                .list();
        // every rate before the first invoice: a missing one fails the job before anything is exported
        ratesUsed = new TreeMap<>();
        keys.forEach(key -> ratesUsed.put(key.currency(), rates.require(key.currency(), run.period())));
    }

    @Override
    protected CustomerInvoice.InvoiceKey doRead() {
        int index = getCurrentItemCount() - 1;
        return index < keys.size() ? keys.get(index) : null;
    }

    @Override
    protected void doClose() {
        keys = null;
    }

    /** The rates used are recorded in the job repository with the step, beside the exported files. */
    @Override
    public void open(ExecutionContext executionContext) {
        super.open(executionContext);
        ratesUsed.forEach((currency, rate) -> executionContext.putString("exchangeRate." + currency,
                rate.toPlainString()));
    }
}

package com.billingengine.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.billingengine.period.BillingRun;

/**
 * The run's invoices (customer × currency) dealt into {@code gridSize} partitions ({@code billing.job.concurrency}),
 * in turn by invoice order, so they are priced in parallel; each partition is a chunk-oriented step over its
 * invoices ({@code billing.job.invoice-chunk-size} per commit), and a restart resumes after the last committed chunk.
 * Before the first partition it refuses what must not be billed: estimated Cost Explorer days (unless allowed),
 * currencies without a rate, and custom line items whose invoice is ambiguous or missing. Each partition's context
 * records its invoices and the exchange rate each bills with; the run records the pricing rules and charge handling
 * it bills with ({@link BillingTerms}).
 */
class InvoicePartitioner implements Partitioner {

    static final String INVOICES = "invoices";
    static final String CUSTOMER_ID = "customerId";
    static final String CUSTOMER_NAME = "customerName";
    static final String CURRENCY = "currency";
    static final String EXCHANGE_RATE = "exchangeRate";

    private final JdbcClient jdbc;
    private final BillingRun run;
    private final RunExchangeRates rates;
    private final BillingTerms terms;
    private final boolean allowEstimated;

    InvoicePartitioner(JdbcClient jdbc, BillingRun run, RunExchangeRates rates, BillingTerms terms,
            boolean allowEstimated) {
        this.jdbc = jdbc;
        this.run = run;
        this.rates = rates;
        this.terms = terms;
        this.allowEstimated = allowEstimated;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        List<CustomerInvoice.InvoiceKey> keys = runInvoices();
        // the rates are fixed at the run's first attempt to price, whatever stops it then
        Map<String, BigDecimal> used = rates.forRun(run,
                keys.stream().map(CustomerInvoice.InvoiceKey::currency).collect(Collectors.toCollection(TreeSet::new)));
        refuseEstimated();
        // the rules in force for the period, fixed like the rates: every partition and restart prices with them
        terms.forRun(run).rules().checkInvoiceCurrencies(run.period(), keys.stream().collect(Collectors.groupingBy(
                CustomerInvoice.InvoiceKey::customerId, TreeMap::new,
                Collectors.mapping(CustomerInvoice.InvoiceKey::currency, Collectors.toCollection(TreeSet::new)))));
        int slices = Math.max(1, Math.min(gridSize, keys.size()));
        List<ExecutionContext> contexts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (i < slices) {
                contexts.add(new ExecutionContext());
            }
            CustomerInvoice.InvoiceKey key = keys.get(i);
            put(contexts.get(i % slices), new CustomerInvoice.InvoiceKey(key.customerId(), key.customerName(),
                    key.currency(), used.get(key.currency())));
        }
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (int i = 0; i < contexts.size(); i++) {
            partitions.put("invoices-" + (i + 1) + "-of-" + contexts.size(), contexts.get(i));
        }
        return partitions;
    }

    /** Adds an invoice to a partition's context (its rate as recorded when the run first split). */
    static void put(ExecutionContext context, CustomerInvoice.InvoiceKey key) {
        int i = context.getInt(INVOICES, 0);
        context.putString(field(i, CUSTOMER_ID), key.customerId());
        context.putString(field(i, CUSTOMER_NAME), key.customerName());
        context.putString(field(i, CURRENCY), key.currency());
        context.putString(field(i, EXCHANGE_RATE), key.exchangeRate().toPlainString());
        context.putInt(INVOICES, i + 1);
    }

    /** The invoices a partition prices, in invoice order, from its context. */
    static List<CustomerInvoice.InvoiceKey> keys(ExecutionContext context) {
        List<CustomerInvoice.InvoiceKey> keys = new ArrayList<>();
        for (int i = 0; i < context.getInt(INVOICES, 0); i++) {
            keys.add(new CustomerInvoice.InvoiceKey(context.getString(field(i, CUSTOMER_ID)),
                    context.getString(field(i, CUSTOMER_NAME)), context.getString(field(i, CURRENCY)),
                    new BigDecimal(context.getString(field(i, EXCHANGE_RATE)))));
        }
        return keys;
    }

    /** The context key of an invoice's field: {@code invoice.3.currency}. */
    static String field(int invoice, String name) {
        return "invoice." + invoice + "." + name;
    }

    private void refuseEstimated() {
        int estimatedDays = jdbc.sql("""
                SELECT COUNT(DISTINCT usage_date) FROM cost_line
                WHERE billing_period = ? AND revision = ? AND estimated = TRUE""")
                .params(run.periodText(), run.revision()).query(Integer.class).single();
        if (estimatedDays > 0 && !allowEstimated) {
            throw new IllegalStateException("Cost Explorer still marks " + estimatedDays + " day(s) of " + run.period()
                    + " as estimated: AWS has not finalised the month's bill. Wait until it does (usually a few days"
                    + " into the next month) and continue with `restart --period " + run.period() + " --reextract`"
                    + " (reads Cost Explorer again; a scheduler's `run --period " + run.period() + " --if-needed` does"
                    + " the same), or run with --allow-estimated for a provisional invoice");
        }
    }

    /**
     * The run's invoices, ordered in Java (not by the database's collation); the name of a customer whose payers
     * disagree on it is the least by {@link String#compareTo}, on every database.
     */
    private List<CustomerInvoice.InvoiceKey> runInvoices() {
        Map<List<String>, String> names = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        jdbc.sql("SELECT DISTINCT customer_id, currency, customer_name FROM run_payer"
                        + " WHERE billing_period = ? AND revision = ?")
                .params(run.periodText(), run.revision())
                .query(rs -> {
                    names.merge(List.of(rs.getString("customer_id"), rs.getString("currency")),
                            rs.getString("customer_name"), (a, b) -> a.compareTo(b) <= 0 ? a : b);
                });
        return names.entrySet().stream().map(e -> new CustomerInvoice.InvoiceKey(e.getKey().get(0), e.getValue(),
                e.getKey().get(1), null)).toList();
    }
}

package com.billingengine.export;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;

/**
 * The dates of a run's invoices and correction notes, all derived, never the clock, so a restart writes the same
 * bytes: the issue date is day {@code invoiceDay} of the month after the period, the service period the month itself,
 * the due date the issue date plus the invoice's payment terms. The terms are those payerDiscovery fixed per payer
 * (registry, else the job's default); a customer billed through several payers in one currency gets the shortest
 * of their terms (one invoice has one due date).
 */
final class InvoiceTerms {

    private final BillingPeriod period;
    private final int invoiceDay;
    private final int defaultDays;
    private final Map<String, Integer> byInvoice;
    private final Map<String, Integer> byCustomer;

    private InvoiceTerms(BillingPeriod period, int invoiceDay, int defaultDays, Map<String, Integer> byInvoice,
            Map<String, Integer> byCustomer) {
        this.period = period;
        this.invoiceDay = invoiceDay;
        this.defaultDays = defaultDays;
        this.byInvoice = byInvoice;
        this.byCustomer = byCustomer;
    }

    /** Every invoice of the period on the same terms (tests, and a run without payers' terms). */
    static InvoiceTerms uniform(BillingPeriod period, int invoiceDay, int paymentTermsDays) {
        return new InvoiceTerms(period, invoiceDay, paymentTermsDays, Map.of(), Map.of());
    }

    /** The terms the run fixed for its payers; a payer recorded before payment terms has the default. */
    static InvoiceTerms of(JdbcClient jdbc, BillingRun run, int invoiceDay, int defaultDays) {
        Map<String, Integer> byInvoice = new HashMap<>();
        Map<String, Integer> byCustomer = new HashMap<>();
        jdbc.sql("SELECT customer_id, currency, payment_terms_days FROM run_payer WHERE billing_period = ?"
                + " AND revision = ?").params(run.periodText(), run.revision()).query(rs -> {
                    Integer fixed = (Integer) rs.getObject("payment_terms_days", Integer.class);
                    int days = fixed == null ? defaultDays : fixed;
                    byInvoice.merge(key(rs.getString("customer_id"), rs.getString("currency")), days, Math::min);
                    byCustomer.merge(rs.getString("customer_id"), days, Math::min);
                });
        return new InvoiceTerms(run.period(), invoiceDay, defaultDays, byInvoice, byCustomer);
    }

    /** The invoice's id: {@code CUSTOMER-PERIOD-CURRENCY} (see {@link CustomerChange#invoiceId}). */
    String invoiceId(String customerId, String currency) {
        return CustomerChange.invoiceId(customerId, period.toString(), currency);
    }

    LocalDate issueDate() {
        return period.start().plusMonths(1).withDayOfMonth(invoiceDay);
    }

    LocalDate serviceStart() {
        return period.start();
    }

    /** The last day of service, inclusive. */
    LocalDate serviceEnd() {
        return period.start().plusMonths(1).minusDays(1);
    }

    /**
     * An invoice of custom line items only (no payer of the customer in that currency) takes the customer's terms,
     * else the default.
     */
    int paymentTermsDays(String customerId, String currency) {
        Integer days = byInvoice.get(key(customerId, currency));
        return days != null ? days : byCustomer.getOrDefault(customerId, defaultDays);
    }

    LocalDate dueDate(String customerId, String currency) {
        return issueDate().plusDays(paymentTermsDays(customerId, currency));
    }

    private static String key(String customerId, String currency) {
        return customerId + "\u0000" + currency;
    }
}

package com.billingengine.pricing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.billingengine.costs.CostMetric;
import com.billingengine.period.BillingRun;

/**
 * Reads one invoice's staged cost lines (the customer's payers in that currency), summed over the month per
 * account × service × record type, and prices them with {@link InvoiceCalculator} at the run's recorded rate; the
 * result is what the invoice_line table and the ERP files hold.
 */
class InvoicePricer implements ItemProcessor<CustomerInvoice.InvoiceKey, CustomerInvoice> {

    private final JdbcClient jdbc;
    private final BillingRun run;
    private final InvoiceCalculator calculator;
    private final String costColumn;

    InvoicePricer(JdbcClient jdbc, BillingRun run, InvoiceCalculator calculator, CostMetric metric) {
        this.jdbc = jdbc;
        this.run = run;
        this.calculator = calculator;
        this.costColumn = metric.column();
    }

    @Override
    public CustomerInvoice process(CustomerInvoice.InvoiceKey key) {
        List<StagedCost> costs = new ArrayList<>();
        Map<String, BigDecimal> markupByPayer = new HashMap<>();
        Map<String, String> accountNames = new HashMap<>();
        jdbc.sql("""
                SELECT payer_account_id, markup_percent FROM run_payer
                WHERE billing_period = ? AND revision = ? AND customer_id = ? AND currency = ?""")
                .params(run.periodText(), run.revision(), key.customerId(), key.currency())
                .query(rs -> {
                    markupByPayer.put(rs.getString("payer_account_id"),
                            rs.getBigDecimal("markup_percent").stripTrailingZeros());
                });
        // one payer at a time, each query on the primary key's (period, revision, payer) prefix: the work is the
        // customer's own cost lines, never the run's
        for (String payer : new TreeSet<>(markupByPayer.keySet())) {
            jdbc.sql("""
                    SELECT account_id, account_name FROM linked_account
                    WHERE billing_period = ? AND revision = ? AND payer_account_id = ?""")
                    .params(run.periodText(), run.revision(), payer)
                    .query(rs -> {
                        accountNames.put(payer + "/" + rs.getString("account_id"), rs.getString("account_name"));
                    });
            jdbc.sql("""
                    SELECT account_id, service, record_type, SUM(%s) AS aws_cost FROM cost_line
                    WHERE billing_period = ? AND revision = ? AND payer_account_id = ?
                    GROUP BY account_id, service, record_type""".formatted(costColumn))
                    .params(run.periodText(), run.revision(), payer)
                    .query(rs -> {
                        costs.add(new StagedCost(new LineKey(key.customerId(), payer, rs.getString("account_id"),
                                rs.getString("service"), ChargeType.fromRecordType(rs.getString("record_type"))),
                                rs.getBigDecimal("aws_cost")));
                    });
        }
        Currency currency = Currency.getInstance(key.currency());
        Invoice invoice = calculator.invoice(key.customerId(), run.period(), currency, key.exchangeRate(),
                markupByPayer, costs);
        List<BigDecimal> amounts = keepExportedCents(key, currency, invoice);
        List<InvoiceLine> lines = new ArrayList<>();
        for (int i = 0; i < invoice.lines().size(); i++) {
            PricedLine l = invoice.lines().get(i);
            if (l.awsCost().signum() == 0 && l.exactAmount().signum() == 0) {
                continue; // a service that cost nothing is no invoice line
            }
            LineKey k = l.key();
            lines.add(new InvoiceLine(lineId(run, key, l), key.customerId(),
                    key.customerName(), key.currency(), nullToEmpty(k.payerAccountId()), nullToEmpty(k.accountId()),
                    accountNames.getOrDefault(k.payerAccountId() + "/" + k.accountId(), ""),
                    l.description() != null ? l.description() : nullToEmpty(k.service()), k.chargeType().code(),
                    l.awsCost(), l.exactAmount(), amounts.get(i), l.ruleId(),
                    l.percent() == null ? BigDecimal.ZERO : l.percent(), invoice.rate()));
        }
        return new CustomerInvoice(key, lines);
    }

    /**
     * In a correction, a line whose exact amount is what the corrected revision (the last exported one before this
     * run) exported keeps its exported amount; the invoice's rounding is settled among the lines that changed (see
     * {@link InvoiceRounding#allocateKeeping}). A first revision keeps the invoice's own rounding.
     */
    private List<BigDecimal> keepExportedCents(CustomerInvoice.InvoiceKey key, Currency currency, Invoice invoice) {
        List<BigDecimal> amounts = invoice.lines().stream().map(PricedLine::amount).toList();
        int corrected = jdbc.sql("SELECT COALESCE(MAX(revision), 0) FROM export_file WHERE billing_period = ?"
                + " AND revision < ?").params(run.periodText(), run.revision()).query(Integer.class).single();
        if (corrected == 0) {
            return amounts;
        }
        Map<String, BigDecimal[]> exported = new HashMap<>();
        jdbc.sql("""
                SELECT line_id, exact_amount, amount FROM invoice_line
                WHERE billing_period = ? AND revision = ? AND customer_id = ? AND currency = ?""")
                .params(run.periodText(), corrected, key.customerId(), key.currency())
                .query(rs -> {
                    exported.put(rs.getString("line_id"), new BigDecimal[] {rs.getBigDecimal("exact_amount"),
                            rs.getBigDecimal("amount")});
                });
        Map<String, BigDecimal[]> byPricedLine = new HashMap<>();
        for (PricedLine l : invoice.lines()) {
            BigDecimal[] before = exported.get(lineId(run, key, l));
            if (before != null) {
                byPricedLine.put(l.lineId(), before);
            }
        }
        return InvoiceRounding.allocateKeeping(invoice.lines().stream().map(PricedLine::exactAmount).toList(),
                invoice.lines().stream().map(PricedLine::lineId).toList(), currency, byPricedLine);
    }

    /**
     * An AWS line's id names its payer, whose currency the run fixed; a custom item's names the currency, so a
     * customer with invoices in two currencies gets distinct ids for the same item.
     */
    private static String lineId(BillingRun run, CustomerInvoice.InvoiceKey key, PricedLine line) {
        return line.key().payerAccountId() == null
                ? lineId(run.periodText(), key.customerId(), key.currency(), line.lineId())
                : lineId(run.periodText(), key.customerId(), line.lineId());
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** Stable across runs and restarts: derived from the line's natural key, never from a sequence or a clock. */
    static String lineId(String... naturalKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\u001f", naturalKey).getBytes(StandardCharsets.UTF_8));
            return "L" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

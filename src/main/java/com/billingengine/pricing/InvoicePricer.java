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

import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.billingengine.costs.CostLine;
import com.billingengine.period.BillingRun;

/**
 * Reads a customer's staged cost lines, summed over the month per account × service × record type, and prices
 * them with {@link InvoiceCalculator}; the result is what the invoice_line table and the ERP files hold.
 */
class InvoicePricer implements ItemProcessor<CustomerInvoice.InvoiceKey, CustomerInvoice> {

    private final JdbcClient jdbc;
    private final BillingRun run;
    private final InvoiceCalculator calculator;
    private final String costColumn;

    InvoicePricer(JdbcClient jdbc, BillingRun run, InvoiceCalculator calculator, String metric) {
        this.jdbc = jdbc;
        this.run = run;
        this.calculator = calculator;
        this.costColumn = CostLine.column(metric);
    }

    @Override
    public CustomerInvoice process(CustomerInvoice.InvoiceKey key) {
        List<StagedCost> costs = new ArrayList<>();
        Map<String, BigDecimal> markupByPayer = new HashMap<>();
        Map<String, String> accountNames = new HashMap<>();
        jdbc.sql("""
                SELECT c.payer_account_id, p.markup_percent, c.account_id, COALESCE(a.account_name, '') AS account_name,
                       c.service, c.record_type, SUM(c.%s) AS aws_cost
                FROM cost_line c
                JOIN run_payer p ON p.billing_period = c.billing_period AND p.revision = c.revision
                                AND p.payer_account_id = c.payer_account_id
                LEFT JOIN linked_account a ON a.billing_period = c.billing_period AND a.revision = c.revision
                                AND a.payer_account_id = c.payer_account_id AND a.account_id = c.account_id
                WHERE c.billing_period = ? AND c.revision = ? AND p.customer_id = ? AND p.currency = ?
                GROUP BY c.payer_account_id, p.markup_percent, c.account_id, a.account_name, c.service, c.record_type
                """.formatted(costColumn))
                .params(run.periodText(), run.revision(), key.customerId(), key.currency())
                .query(rs -> {
                    String payer = rs.getString("payer_account_id");
                    String account = rs.getString("account_id");
                    markupByPayer.put(payer, rs.getBigDecimal("markup_percent").stripTrailingZeros());
                    accountNames.put(payer + "/" + account, rs.getString("account_name"));
                    costs.add(new StagedCost(new LineKey(key.customerId(), payer, account, rs.getString("service"),
                            ChargeType.fromRecordType(rs.getString("record_type"))), rs.getBigDecimal("aws_cost")));
                });
        Invoice invoice = calculator.invoice(key.customerId(), run.period(), Currency.getInstance(key.currency()),
                markupByPayer, costs);
        List<InvoiceLine> lines = new ArrayList<>();
        for (PricedLine l : invoice.lines()) {
            if (l.awsCost().signum() == 0 && l.exactAmount().signum() == 0) {
                continue; // a service that cost nothing is no invoice line
            }
            LineKey k = l.key();
            lines.add(new InvoiceLine(lineId(run.periodText(), key.customerId(), l.lineId()), key.customerId(),
                    key.customerName(), key.currency(), nullToEmpty(k.payerAccountId()), nullToEmpty(k.accountId()),
                    accountNames.getOrDefault(k.payerAccountId() + "/" + k.accountId(), ""),
                    l.description() != null ? l.description() : nullToEmpty(k.service()), k.chargeType().code(),
                    l.awsCost(), l.exactAmount(), l.amount(), l.ruleId(),
                    l.percent() == null ? BigDecimal.ZERO : l.percent(), invoice.rate()));
        }
        return new CustomerInvoice(key, lines);
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

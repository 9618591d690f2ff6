package com.billingengine.pricing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.billingengine.period.BillingRun;

/**
 * Turns a customer's staged cost lines into invoice lines: one per linked account × service × charge type, priced
 * by the most specific rule, converted at the period's rate, then rounded once per line so the lines add up to the
 * invoice total (largest remainder, {@link InvoiceRounding}).
 */
class InvoicePricer implements ItemProcessor<CustomerInvoice.InvoiceKey, CustomerInvoice> {

    /** A staged amount summed over the month, before pricing. */
    private record StagedLine(String payerAccountId, BigDecimal markupPercent, String accountId, String accountName,
            String service, ChargeType chargeType) {
    }

    private final JdbcClient jdbc;
    private final BillingRun run;
    private final PricingRules rules;
    private final ChargePolicy charges;
    private final ExchangeRates rates;
    private final String costColumn;

    InvoicePricer(JdbcClient jdbc, BillingRun run, PricingRules rules, ChargePolicy charges, ExchangeRates rates,
            String metric) {
        this.jdbc = jdbc;
        this.run = run;
        this.rules = rules;
        this.charges = charges;
        this.rates = rates;
        this.costColumn = "NetUnblendedCost".equals(metric) ? "net_unblended_cost" : "unblended_cost";
    }

    @Override
    public CustomerInvoice process(CustomerInvoice.InvoiceKey key) {
        Currency currency = Currency.getInstance(key.currency());
        BigDecimal rate = rates.require(key.currency(), run.period());
        Map<StagedLine, BigDecimal> staged = stagedLines(key);

        List<InvoiceLine> exact = new ArrayList<>();
        Map<LineKey, BigDecimal> billed = new LinkedHashMap<>();
        staged.forEach((line, awsCost) -> {
            ChargeHandling handling = charges.handlingOf(line.chargeType());
            if (handling == ChargeHandling.DROP || awsCost.signum() == 0) {
                return;
            }
            LineKey lineKey = new LineKey(key.customerId(), line.payerAccountId(), line.accountId(), line.service(),
                    line.chargeType());
            AppliedRule rule = handling == ChargeHandling.PASS_THROUGH ? AppliedRule.passThrough()
                    : rules.priceFor(lineKey, line.markupPercent());
            BigDecimal amount = Money.convert(Money.applyPercent(awsCost, rule.percent()), rate);
            billed.put(lineKey, amount);
            exact.add(new InvoiceLine(lineId(run.periodText(), line.payerAccountId(), line.accountId(), line.service(),
                    line.chargeType().code()), key.customerId(), key.customerName(), key.currency(),
                    line.payerAccountId(), line.accountId(), line.accountName(), line.service(),
                    line.chargeType().code(), awsCost, amount, null, rule.ruleId(), rule.percent(), rate));
        });
        for (CustomLineItem item : rules.customItemsFor(key.customerId(), run.period())) {
            exact.add(new InvoiceLine(lineId(run.periodText(), "custom", key.customerId(), item.id()), key.customerId(), key.customerName(),
                    key.currency(), "", "", "", item.description(), "custom", BigDecimal.ZERO,
                    item.exactAmount(billed), null, item.id(), item.percent() == null ? BigDecimal.ZERO : item.percent(),
                    rate));
        }
        List<BigDecimal> rounded = InvoiceRounding.allocate(exact.stream().map(InvoiceLine::exactAmount).toList(),
                exact.stream().map(InvoiceLine::lineId).toList(), currency);
        List<InvoiceLine> lines = new ArrayList<>(exact.size());
        for (int i = 0; i < exact.size(); i++) {
            InvoiceLine l = exact.get(i);
            lines.add(new InvoiceLine(l.lineId(), l.customerId(), l.customerName(), l.currency(), l.payerAccountId(),
                    l.accountId(), l.accountName(), l.service(), l.chargeType(), l.awsCost(), l.exactAmount(),
                    rounded.get(i), l.pricingRule(), l.markupPercent(), l.exchangeRate()));
        }
        return new CustomerInvoice(key, lines);
    }

    /** Sums the month per account × service × charge type, in a stable order (payer, account, service, charge type). */
    private Map<StagedLine, BigDecimal> stagedLines(CustomerInvoice.InvoiceKey key) {
        Map<StagedLine, BigDecimal> lines = new LinkedHashMap<>();
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
                ORDER BY c.payer_account_id, c.account_id, c.service, c.record_type""".formatted(costColumn))
                .params(run.periodText(), run.revision(), key.customerId(), key.currency())
                .query(rs -> {
                    StagedLine line = new StagedLine(rs.getString("payer_account_id"),
                            rs.getBigDecimal("markup_percent").stripTrailingZeros(), rs.getString("account_id"),
                            rs.getString("account_name"), rs.getString("service"),
                            ChargeType.fromRecordType(rs.getString("record_type")));
                    lines.merge(line, rs.getBigDecimal("aws_cost"), BigDecimal::add);
                });
        return lines;
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

package com.billingengine.export;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;
import com.billingengine.pricing.BillingTerms;
import com.billingengine.pricing.PeriodTerms;
import com.billingengine.pricing.InvoiceLine;

/**
 * What changed between two revisions of a period, line by line (lines matched by their line id), per customer
 * invoice, with the invoices' totals. The correction of an export and the {@code diff} command both come from here,
 * so they always show the same numbers.
 */
@Component
public class RevisionDiff {

    /** Lines in the ERP files' order: customer, currency, payer, account, service, charge type, line id. */
    private static final Comparator<InvoiceLine> ORDER = Comparator.comparing(InvoiceLine::customerId)
            .thenComparing(InvoiceLine::currency).thenComparing(InvoiceLine::payerAccountId)
            .thenComparing(InvoiceLine::accountId).thenComparing(InvoiceLine::service)
            .thenComparing(InvoiceLine::chargeType).thenComparing(InvoiceLine::lineId);

    /** The changes of one period from one revision to another; {@code customers} only those with a changed line. */
    public record Diff(String period, int from, int to, List<CustomerChange> customers) {

        public int changedLines() {
            return customers.stream().mapToInt(c -> c.lines().size()).sum();
        }

        public boolean isEmpty() {
            return customers.isEmpty();
        }
    }

    private final JdbcClient jdbc;
    private final BillingTerms terms;

    /** @param terms the revisions' recorded terms; null compares rules and markups on the lines alone */
    RevisionDiff(JdbcClient jdbc, BillingTerms terms) {
        this.jdbc = jdbc;
        this.terms = terms;
    }

    /** The latest revision whose export was published, if any. */
    public Optional<Integer> lastExported(BillingPeriod period) {
        return exportedBefore(period, Integer.MAX_VALUE);
    }

    /** The latest revision before {@code revision} whose export was published: what a new export corrects. */
    public Optional<Integer> exportedBefore(BillingPeriod period, int revision) {
        int latest = jdbc.sql("SELECT COALESCE(MAX(revision), 0) FROM export_file WHERE billing_period = ? AND revision < ?")
                .params(period.toString(), revision).query(Integer.class).single();
        return latest == 0 ? Optional.empty() : Optional.of(latest);
    }

    /** The revisions of the period that have invoice lines, in order. */
    public List<Integer> pricedRevisions(BillingPeriod period) {
        return jdbc.sql("SELECT DISTINCT revision FROM invoice_line WHERE billing_period = ? ORDER BY revision")
                .param(period.toString()).query(Integer.class).list();
    }

    public Diff diff(BillingPeriod period, int from, int to) {
        Map<String, InvoiceLine> before = lines(period, from);
        Map<String, InvoiceLine> now = lines(period, to);
        // each revision's own terms say whether a line moved because of pricing (none recorded: as if unchanged)
        PeriodTerms termsBefore = terms == null ? null : terms.recorded(new BillingRun(period, from)).orElse(null);
        PeriodTerms termsNow = terms == null ? null : terms.recorded(new BillingRun(period, to)).orElse(null);
        TreeSet<String> ids = new TreeSet<>(before.keySet());
        ids.addAll(now.keySet());
        List<LineChange> changes = new ArrayList<>();
        for (String id : ids) {
            InvoiceLine b = before.get(id);
            InvoiceLine n = now.get(id);
            LineChange change = new LineChange(b, n, termsBefore != null && termsNow != null
                    ? termsNow.pricesDifferently(termsBefore, b, n)
                    : b != null && n != null && (!b.pricingRule().equals(n.pricingRule())
                            || b.markupPercent().compareTo(n.markupPercent()) != 0));
            if (change.delta().signum() != 0) {
                changes.add(change);
            }
        }
        changes.sort(Comparator.comparing(LineChange::line, ORDER));
        Map<String, BigDecimal> totalsBefore = totals(before);
        Map<String, BigDecimal> totalsNow = totals(now);
        Map<String, List<LineChange>> byCustomer = new LinkedHashMap<>();
        for (LineChange change : changes) {
            byCustomer.computeIfAbsent(key(change.line()), k -> new ArrayList<>()).add(change);
        }
        List<CustomerChange> customers = new ArrayList<>();
        byCustomer.forEach((key, lines) -> {
            InvoiceLine first = lines.get(0).line();
            customers.add(new CustomerChange(first.customerId(), first.customerName(), first.currency(),
                    LineChange.scaled(totalsBefore.getOrDefault(key, BigDecimal.ZERO), first.currency()),
                    LineChange.scaled(totalsNow.getOrDefault(key, BigDecimal.ZERO), first.currency()), lines,
                    totalsBefore.containsKey(key)));
        });
        return new Diff(period.toString(), from, to, customers);
    }

    private static String key(InvoiceLine line) {
        return line.customerId() + "\u0000" + line.currency();
    }

    private static Map<String, BigDecimal> totals(Map<String, InvoiceLine> lines) {
        Map<String, BigDecimal> totals = new TreeMap<>();
        lines.values().forEach(l -> totals.merge(key(l), l.amount(), BigDecimal::add));
        return totals;
    }

    /** An invoice_line row. */
    static InvoiceLine invoiceLine(ResultSet rs) throws SQLException {
        return new InvoiceLine(rs.getString("line_id"), rs.getString("customer_id"), rs.getString("customer_name"),
                rs.getString("currency"), rs.getString("payer_account_id"), rs.getString("account_id"),
                rs.getString("account_name"), rs.getString("service"), rs.getString("charge_type"),
                rs.getBigDecimal("aws_cost"), rs.getBigDecimal("exact_amount"), rs.getBigDecimal("amount"),
                rs.getString("pricing_rule"), rs.getBigDecimal("markup_percent"), rs.getBigDecimal("exchange_rate"));
    }

    private Map<String, InvoiceLine> lines(BillingPeriod period, int revision) {
        Map<String, InvoiceLine> lines = new LinkedHashMap<>();
        jdbc.sql("SELECT * FROM invoice_line WHERE billing_period = ? AND revision = ?")
                .params(period.toString(), revision)
                .query((rs, i) -> invoiceLine(rs))
                .stream().forEach(l -> lines.put(l.lineId(), l));
        return lines;
    }
}

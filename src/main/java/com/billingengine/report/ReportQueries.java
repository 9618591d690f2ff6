package com.billingengine.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;

/** What the report reads from the billing tables; a run counts as exported once export_file holds its files. */
final class ReportQueries {

    /** How many earlier months the month-over-month chart shows. */
    static final int HISTORY_MONTHS = 11;

    /** One payer's reconciliation: Cost Explorer's month total against the staged cost lines. */
    record Reconciliation(String payerAccountId, BigDecimal costExplorerTotal, BigDecimal stagedTotal) {

        BigDecimal difference() {
            return costExplorerTotal.subtract(stagedTotal);
        }
    }

    /** Sorted in Java, never by the database's text collation (an en_US or ICU database orders text its own way). */
    private static final Comparator<ReportLine> ORDER = Comparator.comparing(ReportLine::customerId)
            .thenComparing(ReportLine::currency).thenComparing(ReportLine::accountId)
            .thenComparing(ReportLine::service).thenComparing(ReportLine::chargeType);

    private final JdbcClient jdbc;

    ReportQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The latest exported revision of the period. */
    Optional<Integer> latestExportedRevision(BillingPeriod period) {
        return jdbc.sql("SELECT MAX(revision) FROM export_file WHERE billing_period = ?").param(period.toString())
                .query(Integer.class).optional();
    }

    boolean exported(BillingRun run) {
        return jdbc.sql("SELECT COUNT(*) FROM export_file WHERE billing_period = ? AND revision = ?")
                .params(run.periodText(), run.revision()).query(Integer.class).single() > 0;
    }

    /** The latest exported revision of each earlier month, oldest first, at most {@link #HISTORY_MONTHS}. */
    List<BillingRun> earlierRuns(BillingPeriod period) {
        List<BillingRun> runs = jdbc.sql("""
                SELECT billing_period, MAX(revision) AS revision FROM export_file WHERE billing_period < ?
                GROUP BY billing_period ORDER BY billing_period DESC""")
                .param(period.toString())
                .query((rs, i) -> new BillingRun(BillingPeriod.parse(rs.getString("billing_period")),
                        rs.getInt("revision")))
                .list();
        List<BillingRun> recent = new ArrayList<>(runs.subList(0, Math.min(HISTORY_MONTHS, runs.size())));
        Collections.reverse(recent);
        return recent;
    }

    List<ReportLine> lines(BillingRun run) {
        return jdbc.sql("""
                SELECT customer_id, customer_name, currency, account_id, account_name, service, charge_type,
                       pricing_rule, aws_cost, amount, exchange_rate
                FROM invoice_line WHERE billing_period = ? AND revision = ?""")
                .params(run.periodText(), run.revision())
                .query((rs, i) -> new ReportLine(rs.getString("customer_id"), rs.getString("customer_name"),
                        rs.getString("currency"), rs.getString("account_id"), rs.getString("account_name"),
                        rs.getString("service"), rs.getString("charge_type"), rs.getString("pricing_rule"),
                        rs.getBigDecimal("aws_cost"), rs.getBigDecimal("amount"), rs.getBigDecimal("exchange_rate")))
                .list().stream().sorted(ORDER).toList();
    }

    List<Reconciliation> reconciliation(BillingRun run) {
        return jdbc.sql("SELECT payer_account_id, cost_explorer_total, staged_total FROM reconciliation"
                + " WHERE billing_period = ? AND revision = ? ORDER BY payer_account_id")
                .params(run.periodText(), run.revision())
                .query((rs, i) -> new Reconciliation(rs.getString("payer_account_id"),
                        rs.getBigDecimal("cost_explorer_total"), rs.getBigDecimal("staged_total")))
                .list();
    }
}

package com.billingengine.costs;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import com.billingengine.batch.Upsert;
import com.billingengine.period.BillingRun;

/**
 * A payer's month as Cost Explorer totals it (cost_explorer_month), recorded when costExtraction plans its queries
 * and upserted, so a re-planned partition (a restart before its first commit, restart --reextract) replaces it.
 */
public class CostExplorerMonth {

    private final JdbcTemplate jdbc;
    private final BillingRun run;
    private final String upsert;

    public CostExplorerMonth(JdbcTemplate jdbc, BillingRun run) {
        this.jdbc = jdbc;
        this.run = run;
        this.upsert = Upsert.sql(jdbc.getDataSource(), "cost_explorer_month",
                List.of("billing_period", "revision", "payer_account_id"),
                List.of("unblended_cost", "net_unblended_cost"));
    }

    void record(String payerAccountId, BigDecimal unblended, BigDecimal netUnblended) {
        jdbc.update(upsert, run.periodText(), run.revision(), payerAccountId, unblended, netUnblended);
    }

    /** The recorded total of a billing metric (billing.costs.metric), or null when the payer's was not recorded. */
    public BigDecimal total(String payerAccountId, String metric) {
        return jdbc.query("SELECT " + CostLine.column(metric) + " FROM cost_explorer_month"
                + " WHERE billing_period = ? AND revision = ? AND payer_account_id = ?",
                rs -> rs.next() ? rs.getBigDecimal(1) : null, run.periodText(), run.revision(), payerAccountId);
    }
}

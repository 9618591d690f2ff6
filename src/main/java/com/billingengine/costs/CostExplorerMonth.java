package com.billingengine.costs;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    CostExplorerMonth(JdbcTemplate jdbc, BillingRun run) {
        this.jdbc = jdbc;
        this.run = run;
        this.upsert = Upsert.sql(jdbc.getDataSource(), "cost_explorer_month",
                List.of("billing_period", "revision", "payer_account_id"),
                List.of("unblended_cost", "net_unblended_cost"));
    }

    void record(String payerAccountId, BigDecimal unblended, BigDecimal netUnblended) {
        jdbc.update(upsert, run.periodText(), run.revision(), payerAccountId, unblended, netUnblended);
    }

    /**
     * The recorded totals of a billing metric (billing.costs.metric) by payer, one query for the run; a payer
     * staged before totals were recorded is missing.
     */
    public static Map<String, BigDecimal> totals(JdbcTemplate jdbc, BillingRun run, CostMetric metric) {
        Map<String, BigDecimal> totals = new HashMap<>();
        jdbc.query("SELECT payer_account_id, " + metric.column() + " FROM cost_explorer_month"
                + " WHERE billing_period = ? AND revision = ?",
                rs -> {
                    totals.put(rs.getString(1), rs.getBigDecimal(2));
                }, run.periodText(), run.revision());
        return totals;
    }
}

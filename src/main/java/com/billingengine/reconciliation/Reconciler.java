package com.billingengine.reconciliation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.billingengine.identity.AwsCallException;
import com.billingengine.identity.PayerClients;
import com.billingengine.identity.PayerSession;
import com.billingengine.payers.PayerAccount;
import com.billingengine.payers.RunPayers;
import com.billingengine.costs.CostExplorerMonth;
import com.billingengine.costs.CostMetric;
import com.billingengine.period.BillingRun;
import com.billingengine.pricing.ChargeHandling;
import com.billingengine.pricing.ChargePolicy;
import com.billingengine.pricing.ChargeType;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;

/**
 * Proves every cent: Cost Explorer = staged cost lines = invoice lines before pricing + dropped charges. Cost
 * Explorer's month total is the one costExtraction recorded from its planning request (an independent MONTHLY query,
 * so a missed page or a replayed chunk of the daily queries still shows), which spares a request per payer here.
 */
class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final RunPayers runPayers;
    private final PayerClients clients;
    private final ChargePolicy charges;
    private final CostMetric metric;
    private final String costColumn;

    Reconciler(JdbcTemplate jdbcTemplate, RunPayers runPayers, PayerClients clients, ChargePolicy charges, CostMetric metric) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.jdbcTemplate = jdbcTemplate;
        this.runPayers = runPayers;
        this.clients = clients;
        this.charges = charges;
        this.metric = metric;
        this.costColumn = metric.column();
    }

    /** What a reconciliation found, and the Cost Explorer requests it cost. */
    record Outcome(int payers, List<PayerReconciliation> failures, long costExplorerRequests) {
    }

    /** Reconciles every payer of the run, records the results, and returns the ones that do not balance. */
    Outcome reconcile(BillingRun run) {
        List<PayerReconciliation> failures = new ArrayList<>();
        long requests = 0;
        List<PayerAccount> payers = runPayers.forRun(run);
        Map<String, BigDecimal> costExplorer = CostExplorerMonth.totals(jdbcTemplate, run, metric);
        // the run's tables summed once each, per payer (one pass: linear, where a query per payer re-read the
        // table through its index and grew faster than the data)
        Map<String, BigDecimal> staged = new HashMap<>();
        Map<String, BigDecimal> dropped = new HashMap<>();
        jdbc.sql("SELECT payer_account_id, record_type, SUM(" + costColumn + ") FROM cost_line"
                + " WHERE billing_period = ? AND revision = ? GROUP BY payer_account_id, record_type")
                .params(run.periodText(), run.revision())
                .query(rs -> {
                    String payer = rs.getString(1);
                    BigDecimal amount = rs.getBigDecimal(3);
                    staged.merge(payer, amount, BigDecimal::add);
                    if (charges.handlingOf(ChargeType.fromRecordType(rs.getString(2))) == ChargeHandling.DROP) {
                        dropped.merge(payer, amount, BigDecimal::add);
                    }
                });
        Map<String, BigDecimal> invoiced = new HashMap<>();
        jdbc.sql("SELECT payer_account_id, SUM(aws_cost) FROM invoice_line"
                + " WHERE billing_period = ? AND revision = ? GROUP BY payer_account_id")
                .params(run.periodText(), run.revision())
                .query(rs -> {
                    invoiced.put(rs.getString(1), rs.getBigDecimal(2));
                });
        for (PayerAccount payer : payers) {
            String id = payer.payerAccountId();
            BigDecimal costExplorerTotal = costExplorer.get(id);
            if (costExplorerTotal == null) {
                // staged by a version that did not record the month total: ask Cost Explorer (one request)
                PayerSession session = clients.session(id, payer.roleArn(), run.period());
                long before = session.costExplorerRequests().get();
                costExplorerTotal = costExplorerTotal(run, session);
                requests += session.costExplorerRequests().get() - before;
            }
            PayerReconciliation r = new PayerReconciliation(id, costExplorerTotal,
                    staged.getOrDefault(id, BigDecimal.ZERO), invoiced.getOrDefault(id, BigDecimal.ZERO),
                    dropped.getOrDefault(id, BigDecimal.ZERO));
            record(run, r);
            log.info("{}: payer {} Cost Explorer {} USD, staged {} USD, invoiced {} USD + dropped {} USD",
                    run, r.payerAccountId(), plain(r.costExplorerTotal()), plain(r.stagedTotal()),
                    plain(r.invoicedAwsCost()), plain(r.droppedAwsCost()));
            if (!r.balances()) {
                failures.add(r);
            }
        }
        return new Outcome(payers.size(), failures, requests);
    }

    static String plain(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }

    /** One request: the month, unfiltered and ungrouped, as Cost Explorer totals it. */
    private BigDecimal costExplorerTotal(BillingRun run, PayerSession session) {
        var costExplorer = session.costExplorer();
        BigDecimal total = BigDecimal.ZERO;
        String token = null;
        try {
            do {
                String pageToken = token;
                GetCostAndUsageResponse response = costExplorer.getCostAndUsage(r -> r
                        .timePeriod(t -> t.start(run.period().start().toString())
                                .end(run.period().endExclusive().toString()))
                        .granularity(Granularity.MONTHLY).metrics(metric.value()).nextPageToken(pageToken));
                for (var result : response.resultsByTime()) {
                    MetricValue value = result.total().get(metric.value());
                    if (value != null && value.amount() != null) {
                        total = total.add(new BigDecimal(value.amount()));
                    }
                }
                token = response.nextPageToken();
            } while (token != null && !token.isEmpty());
        } catch (SdkException e) {
            throw new AwsCallException(session.payerAccountId(), "Cost Explorer GetCostAndUsage (month total)", e);
        }
        return total;
    }

    private void record(BillingRun run, PayerReconciliation r) {
        jdbc.sql("DELETE FROM reconciliation WHERE billing_period = ? AND revision = ? AND payer_account_id = ?")
                .params(run.periodText(), run.revision(), r.payerAccountId()).update();
        jdbc.sql("""
                INSERT INTO reconciliation (billing_period, revision, payer_account_id, cost_explorer_total,
                                            staged_total, invoiced_aws_cost, dropped_aws_cost)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(run.periodText(), run.revision(), r.payerAccountId(), r.costExplorerTotal(), r.stagedTotal(),
                        r.invoicedAwsCost(), r.droppedAwsCost())
                .update();
    }
}

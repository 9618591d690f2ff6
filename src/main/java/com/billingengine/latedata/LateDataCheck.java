package com.billingengine.latedata;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.billingengine.BillingProperties;
import com.billingengine.batch.InParallel;
import com.billingengine.costs.CostMetric;
import com.billingengine.export.RevisionDiff;
import com.billingengine.identity.AwsCallException;
import com.billingengine.identity.PayerClients;
import com.billingengine.identity.PayerSession;
import com.billingengine.payers.PayerAccount;
import com.billingengine.payers.RunPayers;
import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;

/**
 * Has the month changed since it was invoiced? Per payer of the last exported revision, one MONTHLY Cost Explorer
 * request grouped by RECORD_TYPE (the billing metric), compared with that revision's staged cost lines per record type,
 * to the last digit: the same numbers the reconciliation step proved equal when the revision ran. Payers are
 * checked {@code billing.job.concurrency} at a time, their requests under the same adaptive throttling as the job;
 * the result lists them in the run's order whatever order they finish in.
 */
@Service
public class LateDataCheck {

    private static final Logger log = LoggerFactory.getLogger(LateDataCheck.class);

    private final JdbcClient jdbc;
    private final RunPayers runPayers;
    private final PayerClients clients;
    private final RevisionDiff revisions;
    private final CostMetric metric;
    private final String costColumn;
    private final int concurrency;

    LateDataCheck(JdbcClient jdbc, RunPayers runPayers, PayerClients clients, RevisionDiff revisions,
            BillingProperties properties) {
        this.jdbc = jdbc;
        this.runPayers = runPayers;
        this.clients = clients;
        this.revisions = revisions;
        this.metric = properties.costs().metric();
        this.costColumn = metric.column();
        this.concurrency = Math.max(1, properties.job().concurrency());
    }

    private record Checked(PayerCheck check, long requests) {
    }

    public CostMetric metric() {
        return metric;
    }

    public PeriodCheck check(BillingPeriod period) {
        Integer revision = revisions.lastExported(period).orElse(null);
        if (revision == null) {
            return new PeriodCheck(period.toString(), null, List.of(), 0);
        }
        BillingRun run = new BillingRun(period, revision);
        List<PayerAccount> inRun = runPayers.forRun(run);
        List<PayerCheck> payers = new ArrayList<>();
        long requests = 0;
        for (Checked checked : InParallel.map(inRun, concurrency, payer -> check(run, payer))) {
            payers.add(checked.check());
            requests += checked.requests();
        }
        return new PeriodCheck(period.toString(), revision, payers, requests);
    }

    private Checked check(BillingRun run, PayerAccount payer) {
        PayerSession session = clients.session(payer.payerAccountId(), payer.roleArn(), run.period());
        long before = session.costExplorerRequests().get();
        Map<String, BigDecimal> now = new TreeMap<>();
        boolean estimatedNow = costExplorerNow(run, session, now);
        long requests = session.costExplorerRequests().get() - before;
        Map<String, BigDecimal> invoiced = invoiced(run, payer.payerAccountId());
        TreeMap<String, PayerCheck.RecordTypeTotal> totals = new TreeMap<>();
        invoiced.forEach((type, amount) -> totals.put(type, new PayerCheck.RecordTypeTotal(type, amount,
                now.getOrDefault(type, BigDecimal.ZERO))));
        now.forEach((type, amount) -> totals.putIfAbsent(type, new PayerCheck.RecordTypeTotal(type,
                BigDecimal.ZERO, amount)));
        PayerCheck check = new PayerCheck(payer.payerAccountId(), payer.customerId(), payer.customerName(),
                new ArrayList<>(totals.values()), estimatedDays(run, payer.payerAccountId()), estimatedNow);
        log.info("{}: payer {} invoiced {} USD, Cost Explorer now {} USD, difference {} USD", run,
                check.payerAccountId(), check.invoiced().toPlainString(), check.now().toPlainString(),
                check.difference().toPlainString());
        return new Checked(check, requests);
    }

    /** One MONTHLY request (and its pages) grouped by RECORD_TYPE; returns whether the month is still estimated. */
    private boolean costExplorerNow(BillingRun run, PayerSession session, Map<String, BigDecimal> totals) {
        boolean estimated = false;
        String token = null;
        try {
            do {
                String pageToken = token;
                GetCostAndUsageResponse response = session.throttling().call(() -> session.costExplorer()
                        .getCostAndUsage(r -> r
                                .timePeriod(t -> t.start(run.period().start().toString())
                                        .end(run.period().endExclusive().toString()))
                                .granularity(Granularity.MONTHLY).metrics(metric.value())
                                .groupBy(g -> g.type(GroupDefinitionType.DIMENSION).key("RECORD_TYPE"))
                                .nextPageToken(pageToken)));
                for (var result : response.resultsByTime()) {
                    estimated |= Boolean.TRUE.equals(result.estimated());
                    for (var group : result.groups()) {
                        MetricValue value = group.metrics().get(metric.value());
                        if (value != null && value.amount() != null) {
                            totals.merge(group.keys().get(0), new BigDecimal(value.amount()), BigDecimal::add);
                        }
                    }
                }
                token = response.nextPageToken();
            } while (token != null && !token.isEmpty());
        } catch (SdkException e) {
            throw new AwsCallException(session.payerAccountId(), "Cost Explorer GetCostAndUsage (late-data check)", e);
        }
        return estimated;
    }

    private Map<String, BigDecimal> invoiced(BillingRun run, String payerAccountId) {
        Map<String, BigDecimal> totals = new TreeMap<>();
        jdbc.sql("SELECT record_type, SUM(" + costColumn + ") AS total FROM cost_line"
                + " WHERE billing_period = ? AND revision = ? AND payer_account_id = ? GROUP BY record_type")
                .params(run.periodText(), run.revision(), payerAccountId)
                .query(rs -> {
                    totals.put(rs.getString("record_type"), rs.getBigDecimal("total"));
                });
        return totals;
    }

    private int estimatedDays(BillingRun run, String payerAccountId) {
        return jdbc.sql("SELECT COUNT(DISTINCT usage_date) FROM cost_line WHERE billing_period = ? AND revision = ?"
                + " AND payer_account_id = ? AND estimated = TRUE")
                .params(run.periodText(), run.revision(), payerAccountId).query(Integer.class).single();
    }
}

package com.billingengine.reconciliation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.billingengine.identity.AwsCallException;
import com.billingengine.identity.PayerClients;
import com.billingengine.identity.PayerSession;
import com.billingengine.payers.PayerAccount;
import com.billingengine.payers.RunPayers;
import com.billingengine.costs.CostLine;
import com.billingengine.period.BillingRun;
import com.billingengine.pricing.ChargeHandling;
import com.billingengine.pricing.ChargePolicy;
import com.billingengine.pricing.ChargeType;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;

/** Proves every cent: Cost Explorer = staged cost lines = invoice lines before pricing + dropped charges. */
class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final JdbcClient jdbc;
    private final RunPayers runPayers;
    private final PayerClients clients;
    private final ChargePolicy charges;
    private final String metric;
    private final String costColumn;

    Reconciler(JdbcClient jdbc, RunPayers runPayers, PayerClients clients, ChargePolicy charges, String metric) {
        this.jdbc = jdbc;
        this.runPayers = runPayers;
        this.clients = clients;
        this.charges = charges;
        this.metric = metric;
        this.costColumn = CostLine.column(metric);
    }

    /** What a reconciliation found, and the Cost Explorer requests it cost. */
    record Outcome(int payers, List<PayerReconciliation> failures, long costExplorerRequests) {
    }

    /** Reconciles every payer of the run, records the results, and returns the ones that do not balance. */
    Outcome reconcile(BillingRun run) {
        List<PayerReconciliation> failures = new ArrayList<>();
        long requests = 0;
        List<PayerAccount> payers = runPayers.forRun(run);
        for (PayerAccount payer : payers) {
            PayerSession session = clients.session(payer.payerAccountId(), payer.roleArn(), run.period());
            long before = session.costExplorerRequests().get();
            PayerReconciliation r = new PayerReconciliation(payer.payerAccountId(), costExplorerTotal(run, session),
                    sum("SELECT COALESCE(SUM(" + costColumn + "), 0) FROM cost_line", run, payer.payerAccountId()),
                    sum("SELECT COALESCE(SUM(aws_cost), 0) FROM invoice_line", run, payer.payerAccountId()),
                    dropped(run, payer.payerAccountId()));
            requests += session.costExplorerRequests().get() - before;
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

    /** One request per payer: the month, unfiltered and ungrouped, as Cost Explorer totals it. */
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
                        .granularity(Granularity.MONTHLY).metrics(metric).nextPageToken(pageToken));
                for (var result : response.resultsByTime()) {
                    MetricValue value = result.total().get(metric);
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

    private BigDecimal dropped(BillingRun run, String payerAccountId) {
        BigDecimal dropped = BigDecimal.ZERO;
        for (var row : jdbc.sql("SELECT record_type, COALESCE(SUM(" + costColumn + "), 0) AS total FROM cost_line"
                + " WHERE billing_period = ? AND revision = ? AND payer_account_id = ? GROUP BY record_type")
                .params(run.periodText(), run.revision(), payerAccountId)
                .query((rs, i) -> new Object[] {rs.getString(1), rs.getBigDecimal(2)}).list()) {
            if (charges.handlingOf(ChargeType.fromRecordType((String) row[0])) == ChargeHandling.DROP) {
                dropped = dropped.add((BigDecimal) row[1]);
            }
        }
        return dropped;
    }

    private BigDecimal sum(String select, BillingRun run, String payerAccountId) {
        return jdbc.sql(select + " WHERE billing_period = ? AND revision = ? AND payer_account_id = ?")
                .params(run.periodText(), run.revision(), payerAccountId).query(BigDecimal.class).single();
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

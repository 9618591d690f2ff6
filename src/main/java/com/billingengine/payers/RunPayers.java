package com.billingengine.payers;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.billingengine.batch.RunPayerPartitioner;
import com.billingengine.period.BillingRun;

/** The payer set a run fixed in payerDiscovery (table {@code run_payer}). */
@Repository
public class RunPayers {

    private final JdbcClient jdbc;

    public RunPayers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<PayerAccount> forRun(BillingRun run) {
        return jdbc.sql("""
                SELECT * FROM run_payer WHERE billing_period = ? AND revision = ? ORDER BY payer_account_id""")
                .params(run.periodText(), run.revision())
                .query((rs, i) -> new PayerAccount(rs.getString("payer_account_id"), rs.getString("customer_id"),
                        rs.getString("customer_name"), rs.getString("currency"), rs.getString("role_arn"),
                        PayerStatus.ACTIVE, rs.getBigDecimal("markup_percent").stripTrailingZeros(), null,
                        rs.getObject("registry_version") == null ? 0 : rs.getInt("registry_version"),
                        (Integer) rs.getObject("payment_terms_days", Integer.class)))
                .list();
    }

    public RunPayerPartitioner partitioner(BillingRun run) {
        return new RunPayerPartitioner(forRun(run).stream()
                .map(p -> new RunPayerPartitioner.PartitionPayer(p.payerAccountId(), p.roleArn()))
                .toList());
    }

    /**
     * Replaces the run's payer set; called inside the payerDiscovery step's transaction. Each payer's payment terms
     * are fixed with it: the registry's, else {@code defaultPaymentTermsDays}.
     */
    void fix(BillingRun run, List<PayerAccount> payers, int defaultPaymentTermsDays) {
        jdbc.sql("DELETE FROM run_payer WHERE billing_period = ? AND revision = ?")
                .params(run.periodText(), run.revision()).update();
        for (PayerAccount p : payers) {
            jdbc.sql("""
                    INSERT INTO run_payer (billing_period, revision, payer_account_id, customer_id, customer_name,
                                           currency, role_arn, markup_percent, registry_version,
                                           payment_terms_days)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(run.periodText(), run.revision(), p.payerAccountId(), p.customerId(), p.customerName(),
                            p.currency(), p.roleArn(), p.markupPercent(), p.registryVersion(),
                            p.paymentTermsDays(defaultPaymentTermsDays))
                    .update();
        }
    }
}

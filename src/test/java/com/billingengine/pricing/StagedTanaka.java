package com.billingengine.pricing;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import com.billingengine.costs.CostMetric;
import com.billingengine.costs.SandboxCostExplorer;
import com.billingengine.payers.PayerRegistry;
import com.billingengine.payers.RunPayers;
import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;

/**
 * An H2 billing database (Flyway's schema) in which the costExtraction of 2026-10 rev-1 has staged Tanaka Shoji's
 * month from the sandbox's default scenario (through the real reader and writer, over HTTP), with the run's payer
 * and the one account name the pinned line needs; and the pricing of the sandbox demo for this customer.
 */
final class StagedTanaka implements AutoCloseable {

    static final BillingRun RUN = new BillingRun(BillingPeriod.parse("2026-10"), 1);
    static final String PAYER = SandboxCostExplorer.TANAKA;
    /** The sandbox demo's example rules: C-1003 is priced by the global ones (5 % on everything, support at cost). */
    static final String RULES = SandboxAmountsTest.EXAMPLE_RULES;

    final SingleConnectionDataSource dataSource;
    final JdbcTemplate jdbc;
    final JdbcClient client;
    final PricingRules rules = PricingRules.parse("test rules", RULES);
    final ExchangeRates rates = ExchangeRates.load(RunConfig.SHIPPED_RATES);
    final ChargePolicy policy = ChargePolicy.fromMap(Map.of("credit", "pass-through", "refund", "pass-through",
            "tax", "pass-through"));

    StagedTanaka() throws Exception {
        dataSource = new SingleConnectionDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa",
                "", true);
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        client = JdbcClient.create(dataSource);
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults())) {
            SandboxCostExplorer.stage(sandbox, PAYER, RUN, jdbc);
        }
        jdbc.update("INSERT INTO run_payer (billing_period, revision, payer_account_id, customer_id, customer_name,"
                + " currency, role_arn, markup_percent) VALUES (?, ?, ?, 'C-1003', 'Tanaka Shoji K.K.', 'JPY', ?, 0)",
                RUN.periodText(), RUN.revision(), PAYER, "arn:aws:iam::" + PAYER + ":role/billing");
        jdbc.update("INSERT INTO linked_account (billing_period, revision, payer_account_id, account_id, account_name)"
                + " VALUES (?, ?, ?, '230160654387', 'edge-cdn-29')", RUN.periodText(), RUN.revision(), PAYER);
    }

    /** The run's terms as the engine keeps them: the rules and charge handling above, recorded at the first split. */
    BillingTerms terms() {
        return new BillingTerms(client, rules, policy, rates, new PayerRegistry(client, Clock.systemUTC()),
                new RunPayers(client));
    }

    InvoicePricer pricer() {
        return new InvoicePricer(client, RUN, new InvoiceCalculator(rules, policy, rates), CostMetric.UNBLENDED_COST);
    }

    /** The invoiceLines manager's split: the one partition (C-1003 JPY) with the rate it records for the run. */
    ExecutionContext partition() {
        Map<String, ExecutionContext> partitions = new InvoicePartitioner(client, RUN,
                new RunExchangeRates(client, rates), terms(), false).partition(2);
        if (partitions.size() != 1) {
            throw new IllegalStateException("one invoice expected: " + partitions.keySet());
        }
        return partitions.get("invoices-1-of-1");
    }

    /** A worker's step execution, as the partition handler makes one: the job's parameters, the partition's context. */
    StepExecution workerExecution() {
        JobParameters parameters = new JobParametersBuilder()
                .addString(BillingRun.PERIOD_PARAMETER, RUN.periodText())
                .addLong(BillingRun.REVISION_PARAMETER, (long) RUN.revision()).toJobParameters();
        return MetaDataInstanceFactory.createStepExecution(parameters, partition());
    }

    @Override
    public void close() {
        dataSource.destroy();
    }
}

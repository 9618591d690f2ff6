package com.billingengine.reconciliation;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.billingengine.BillingProperties;
import com.billingengine.identity.PayerClients;
import com.billingengine.payers.RunPayers;
import com.billingengine.period.BillingRun;
import com.billingengine.pricing.ChargePolicy;

/** reconciliation: the job fails, before anything is exported, when any cent does not add up. */
@Configuration(proxyBeanMethods = false)
class ReconciliationStepConfiguration {

    @Bean
    Step reconciliation(JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
            RunPayers runPayers, PayerClients clients, ChargePolicy chargePolicy, BillingProperties properties) {
        Reconciler reconciler = new Reconciler(jdbc, runPayers, clients, chargePolicy, properties.costs().metric());
        return new StepBuilder("reconciliation", jobRepository).tasklet((contribution, chunk) -> {
            var step = chunk.getStepContext().getStepExecution();
            BillingRun run = BillingRun.of(step.getJobParameters());
            Reconciler.Outcome outcome = reconciler.reconcile(run);
            step.getExecutionContext().putLong("costExplorerRequests", outcome.costExplorerRequests());
            contribution.incrementWriteCount(outcome.payers());
            List<PayerReconciliation> failures = outcome.failures();
            if (!failures.isEmpty()) {
                throw new IllegalStateException("reconciliation failed for " + run + ": " + failures.stream()
                        .map(ReconciliationStepConfiguration::describe).collect(Collectors.joining("; ")));
            }
            return RepeatStatus.FINISHED;
        }, transactionManager).build();
    }

    private static String describe(PayerReconciliation r) {
        StringBuilder s = new StringBuilder("payer " + r.payerAccountId() + ":");
        if (r.extractionDifference().signum() != 0) {
            s.append(" Cost Explorer total ").append(Reconciler.plain(r.costExplorerTotal())).append(" USD, staged ")
                    .append(Reconciler.plain(r.stagedTotal())).append(" USD, difference ")
                    .append(Reconciler.plain(r.extractionDifference())).append(" USD");
        }
        if (r.invoiceDifference().signum() != 0) {
            s.append(" staged ").append(Reconciler.plain(r.stagedTotal())).append(" USD but invoice lines carry ")
                    .append(Reconciler.plain(r.invoicedAwsCost().add(r.droppedAwsCost()))).append(" USD, difference ")
                    .append(Reconciler.plain(r.invoiceDifference())).append(" USD");
        }
        return s.toString();
    }
}

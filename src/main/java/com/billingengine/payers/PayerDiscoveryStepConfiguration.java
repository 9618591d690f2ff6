package com.billingengine.payers;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import com.billingengine.period.BillingRun;

/**
 * payerDiscovery: fixes the payers this run bills — those billable in the period, with the registry version in force
 * for it — so registry edits mid-run change nothing, and a rerun of an old period bills the payers of that period.
 */
@Configuration(proxyBeanMethods = false)
class PayerDiscoveryStepConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PayerDiscoveryStepConfiguration.class);

    /** The per-payer steps' partitions: one per payer payerDiscovery fixed for the run. */
    @Bean
    @StepScope
    Partitioner runPayerPartitioner(RunPayers runPayers, @Value("#{jobParameters['billingPeriod']}") String period,
            @Value("#{jobParameters['revision']}") Long revision) {
        return runPayers.partitioner(BillingRun.of(period, revision));
    }

    @Bean
    Step payerDiscovery(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            PayerRegistry registry, RunPayers runPayers, com.billingengine.BillingProperties properties) {
        return new StepBuilder("payerDiscovery", jobRepository).tasklet((contribution, chunk) -> {
            BillingRun run = BillingRun.of(chunk.getStepContext().getStepExecution().getJobParameters());
            List<PayerAccount> active = registry.billableIn(run.period());
            if (active.isEmpty()) {
                throw new IllegalStateException("no payer is billable in " + run.period() + " (validated and ACTIVE then,"
                        + " see `payers list --period " + run.period() + "`): import payers with `payers import FILE`"
                        + " or activate one with `payers validate --payer ID`");
            }
            runPayers.fix(run, active, properties.export().paymentTermsDays());
            active.forEach(payer -> contribution.incrementReadCount());
            contribution.incrementWriteCount(active.size());
            log.info("{}: billing {} payer(s) billable in the period: {}", run, active.size(),
                    active.stream().map(p -> p.payerAccountId() + " (" + p.customerName() + ", registry version "
                            + p.registryVersion() + ")").toList());
            return RepeatStatus.FINISHED;
        }, transactionManager).build();
    }
}

package com.billingengine.costs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.ExitStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.billingengine.BillingProperties;
import com.billingengine.accounts.DepartedAccounts;
import com.billingengine.batch.PartitionedSteps;
import com.billingengine.batch.TableStatistics;
import com.billingengine.identity.PayerClients;
import com.billingengine.identity.PayerSession;
import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;

/** costExtraction: per payer, the month's cost lines from Cost Explorer into the cost_line staging table. */
@Configuration(proxyBeanMethods = false)
class CostExtractionStepConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CostExtractionStepConfiguration.class);

    @Bean
    Step costExtraction(Step costExtractionPayer, Partitioner runPayerPartitioner, PartitionedSteps partitionedSteps,
            JdbcTemplate jdbc) {
        return partitionedSteps.of("costExtraction", costExtractionPayer, runPayerPartitioner,
                TableStatistics.refreshedAfter(jdbc, "cost_line"));
    }

    @Bean
    Step costExtractionPayer(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            CostLineReader costLineReader, CostLineWriter costLineWriter, BillingProperties properties,
            DepartedAccountListener departedAccountListener) {
        return new StepBuilder("costExtractionPayer", jobRepository)
                .<CostLine, CostLine>chunk(properties.job().costChunkSize())
                .transactionManager(transactionManager)
                .reader(costLineReader)
                .writer(costLineWriter)
                .listener(departedAccountListener)
                .listener(new StepExecutionListener() {
                    @Override
                    public ExitStatus afterStep(StepExecution stepExecution) {
                        long requests = stepExecution.getExecutionContext().getLong("costExplorerRequests", 0);
                        log.info("payer {}: {} cost lines, {} Cost Explorer requests (USD {}), {} throttled",
                                stepExecution.getExecutionContext().getString("payerAccountId"),
                                stepExecution.getWriteCount(), requests,
                                java.math.BigDecimal.valueOf(requests, 2),
                                stepExecution.getExecutionContext().getLong("costExplorerThrottles", 0));
                        return null;
                    }
                })
                .build();
    }

    @Bean
    @StepScope
    CostLineReader costLineReader(PayerClients clients, BillingProperties properties, JdbcTemplate jdbc,
            @Value("#{stepExecutionContext['payerAccountId']}") String payerAccountId,
            @Value("#{stepExecutionContext['roleArn']}") String roleArn,
            @Value("#{jobParameters['billingPeriod']}") String period,
            @Value("#{jobParameters['revision']}") Long revision) {
        BillingPeriod billingPeriod = BillingPeriod.parse(period);
        PayerSession session = clients.session(payerAccountId, roleArn, billingPeriod);
        CostExplorerMonth month = new CostExplorerMonth(jdbc, BillingRun.of(period, revision));
        return new CostLineReader(payerAccountId, billingPeriod, session, properties.costs().windowDays(),
                properties.costs().queriesPerPayer(),
                (unblended, netUnblended) -> month.record(payerAccountId, unblended, netUnblended));
    }

    @Bean
    @StepScope
    DepartedAccountListener departedAccountListener(JdbcTemplate jdbc, CostLineReader costLineReader,
            @Value("#{stepExecutionContext['payerAccountId']}") String payerAccountId,
            @Value("#{jobParameters['billingPeriod']}") String period,
            @Value("#{jobParameters['revision']}") Long revision) {
        return new DepartedAccountListener(new DepartedAccounts(jdbc, BillingRun.of(period, revision), payerAccountId),
                costLineReader);
    }

    @Bean
    @StepScope
    CostLineWriter costLineWriter(JdbcTemplate jdbc, @Value("#{jobParameters['billingPeriod']}") String period,
            @Value("#{jobParameters['revision']}") Long revision) {
        return new CostLineWriter(jdbc, BillingRun.of(period, revision));
    }
}

package com.billingengine.accounts;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.billingengine.BillingProperties;
import com.billingengine.batch.PartitionedSteps;
import com.billingengine.identity.PayerClients;
import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;

/** accountListing: per payer, a snapshot of the organisation's accounts for the period. */
@Configuration(proxyBeanMethods = false)
class AccountListingStepConfiguration {

    @Bean
    Step accountListing(Step accountListingPayer, Partitioner runPayerPartitioner, PartitionedSteps partitionedSteps) {
        return partitionedSteps.of("accountListing", accountListingPayer, runPayerPartitioner);
    }

    @Bean
    Step accountListingPayer(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            LinkedAccountReader linkedAccountReader, LinkedAccountWriter linkedAccountWriter,
            BillingProperties properties) {
        return new StepBuilder("accountListingPayer", jobRepository)
                .<LinkedAccount, LinkedAccount>chunk(properties.job().accountChunkSize())
                .transactionManager(transactionManager)
                .reader(linkedAccountReader)
                .writer(linkedAccountWriter)
                .build();
    }

    @Bean
    @StepScope
    LinkedAccountReader linkedAccountReader(PayerClients clients,
            @Value("#{stepExecutionContext['payerAccountId']}") String payerAccountId,
            @Value("#{stepExecutionContext['roleArn']}") String roleArn,
            @Value("#{jobParameters['billingPeriod']}") String period) {
        return new LinkedAccountReader(payerAccountId,
                clients.session(payerAccountId, roleArn, BillingPeriod.parse(period)));
    }

    @Bean
    @StepScope
    LinkedAccountWriter linkedAccountWriter(JdbcTemplate jdbc, @Value("#{jobParameters['billingPeriod']}") String period,
            @Value("#{jobParameters['revision']}") Long revision) {
        return new LinkedAccountWriter(jdbc, BillingRun.of(period, revision));
    }
}

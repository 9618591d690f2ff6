package com.billingengine.batch;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;

import com.billingengine.BillingProperties;

/** {@code billing.job.partitioning: local} (the default): partitions run as threads of this process. */
@Configuration(proxyBeanMethods = false)
class PartitioningConfiguration {

    @Bean
    @ConditionalOnProperty(name = "billing.job.partitioning", havingValue = "local", matchIfMissing = true)
    PartitionedSteps localPartitionedSteps(JobRepository jobRepository, TaskExecutor payerTaskExecutor,
            BillingProperties properties) {
        return (name, worker, partitioner) -> PerPayerStep.of(name, jobRepository, worker, partitioner,
                payerTaskExecutor, properties.job().concurrency());
    }
}

package com.billingengine.batch;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;

import com.billingengine.BillingProperties;

/**
 * {@code billing.job.partitioning: local} (the default): partitions (a payer of the run, an invoice) run as threads
 * of this process, a few at a time; each keeps its own ExecutionContext, so a restart resumes only the partitions
 * that had not finished, and a manager step started afresh (restart --reextract) starts them all afresh.
 */
@Configuration(proxyBeanMethods = false)
class PartitioningConfiguration {

    @Bean
    @Conditional(PartitioningCondition.Local.class)
    PartitionedSteps localPartitionedSteps(JobRepository jobRepository, TaskExecutor payerTaskExecutor,
            BillingProperties properties) {
        return (name, worker, partitioner, listeners) -> PartitionedSteps.withListeners(
                new StepBuilder(name, jobRepository), listeners)
                .partitioner(worker.getName(), partitioner)
                .splitter(FreshStartSplitter.of(jobRepository, worker, partitioner))
                .step(worker)
                .gridSize(properties.job().concurrency())
                .taskExecutor(payerTaskExecutor)
                .build();
    }
}

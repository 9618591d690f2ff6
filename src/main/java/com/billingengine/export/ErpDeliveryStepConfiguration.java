package com.billingengine.export;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import com.billingengine.period.BillingRun;

/**
 * erpDelivery, the job's last step: the published revision to the configured S3 and SFTP targets. A step of its
 * own, so a target that is down fails only it (exit 1) and {@code restart} sends what is missing.
 */
@Configuration(proxyBeanMethods = false)
class ErpDeliveryStepConfiguration {

    @Bean
    Step erpDelivery(JobRepository jobRepository, PlatformTransactionManager transactionManager, Delivery delivery,
            Release release) {
        return new StepBuilder("erpDelivery", jobRepository).tasklet((contribution, chunk) -> {
            StepExecution step = chunk.getStepContext().getStepExecution();
            BillingRun run = BillingRun.of(step.getJobParameters());
            if (release.state(run).map(Release.Approval::awaiting).orElse(false)) {
                // nothing is published before approval; approve delivers
                step.getExecutionContext().putString("delivery", "awaiting approval: nothing delivered");
                return RepeatStatus.FINISHED;
            }
            Delivery.Delivered delivered = delivery.deliver(run);
            step.getExecutionContext().putString("delivery", delivered.describe());
            contribution.incrementWriteCount(delivered.sent());
            return RepeatStatus.FINISHED;
        }, transactionManager).build();
    }
}

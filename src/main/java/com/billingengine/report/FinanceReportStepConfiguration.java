package com.billingengine.report;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import com.billingengine.period.RunOwnership;

/**
 * financeReport, after erpExport: report.html in the published folder. A step rather than a job listener, so a
 * failed page shows in {@code status} and {@code restart} writes it again. It is not one of the ERP files and
 * not in the manifest: the manifest's files are byte-identical whatever happens, while the page compares with
 * whatever earlier months the repository holds when it is drawn (a later rerun of one changes it).
 */
@Configuration(proxyBeanMethods = false)
class FinanceReportStepConfiguration {

    @Bean
    Step financeReport(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            FinanceReport report, RunOwnership fence) {
        return new StepBuilder("financeReport", jobRepository).tasklet((contribution, chunk) -> {
            report.write(chunk.getStepContext().getStepExecution().getJobExecution(), fence);
            contribution.incrementWriteCount(1); // the report: what the step did, in status and on the console
            return RepeatStatus.FINISHED;
        }, transactionManager).build();
    }
}

package com.billingengine.export;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import com.billingengine.BillingProperties;
import com.billingengine.period.BillingRun;
import com.billingengine.period.RunOwnership;
import com.billingengine.pricing.BillingTerms;

/** erpExport: the ERP files of the run, published atomically under exports/YYYY-MM/rev-N. */
@Configuration(proxyBeanMethods = false)
class ErpExportStepConfiguration {

    @Bean
    Step erpExport(JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcClient jdbc,
            BillingProperties properties, RevisionDiff revisionDiff, BillingTerms billingTerms, RunOwnership fence) {
        ErpExport export = new ErpExport(jdbc, revisionDiff, properties.dataDir().resolve("exports"),
                properties.export().formats(), properties.export().pauseMs(), billingTerms::rulesOf,
                billingTerms::invoiceDayOf, properties.export().paymentTermsDays(),
                properties.export().approvalRequired(), fence);
        return new StepBuilder("erpExport", jobRepository).tasklet((contribution, chunk) -> {
            StepExecution step = chunk.getStepContext().getStepExecution();
            BillingRun run = BillingRun.of(step.getJobParameters());
            // the invoice step refused estimated data unless allowed, so any left here makes a provisional export
            ErpExport.Published published = export.publish(run, step.getJobExecutionId(), hasEstimatedData(jdbc, run));
            step.getExecutionContext().putString("exportFolder", published.folder().toString());
            if (published.correction() != null) {
                step.getExecutionContext().putString("correction", published.correction());
            }
            contribution.incrementWriteCount(published.lines());
            return RepeatStatus.FINISHED;
        }, transactionManager).build();
    }

    private static boolean hasEstimatedData(JdbcClient jdbc, BillingRun run) {
        return jdbc.sql("SELECT COUNT(*) FROM cost_line WHERE billing_period = ? AND revision = ? AND estimated = TRUE")
                .params(run.periodText(), run.revision()).query(Long.class).single() > 0;
    }
}

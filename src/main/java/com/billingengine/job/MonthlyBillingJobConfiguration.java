package com.billingengine.job;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;

import com.billingengine.BillingProperties;

/**
 * The monthly billing job, one instance per billing period and revision. Data walks one way: each step reads the
 * tables the previous one committed, so any step can be restarted after a crash.
 */
@Configuration(proxyBeanMethods = false)
class MonthlyBillingJobConfiguration {

    static final String JOB_NAME = "monthlyBilling";

    @Bean
    Job monthlyBilling(JobRepository jobRepository, Step payerDiscovery, Step accountListing, Step costExtraction,
            Step invoiceLines, Step reconciliation, Step erpExport, Step financeReport, Step erpDelivery) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .start(payerDiscovery)      // registry → the run's payer set
                .next(Reextraction.rerunnable(accountListing, jobRepository)) // Organizations → account snapshot, per payer
                .next(Reextraction.rerunnable(costExtraction, jobRepository)) // Cost Explorer → cost_line staging, per payer
                .next(Reextraction.rerunnable(invoiceLines, jobRepository))   // cost lines → priced, rounded invoice lines
                .next(Reextraction.rerunnable(reconciliation, jobRepository)) // Cost Explorer = staged = invoiced + dropped
                .next(Reextraction.rerunnable(erpExport, jobRepository))      // invoice lines → exports/YYYY-MM/rev-N
                .next(Reextraction.rerunnable(financeReport, jobRepository))  // tables → report.html (not in the manifest)
                .next(Reextraction.rerunnable(erpDelivery, jobRepository))    // rev-N → S3 / SFTP targets, what is missing
                .build();
    }

    /** Runs the per-payer partitions, at most {@code billing.job.concurrency} payers at a time. */
    @Bean
    TaskExecutor payerTaskExecutor(BillingProperties properties) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("payer-");
        executor.setConcurrencyLimit(Math.max(1, properties.job().concurrency()));
        return executor;
    }
}

package com.billingengine.job;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.JobSynchronizationManager;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;

/**
 * {@code restart --reextract}: the steps after payerDiscovery run again, from their first item, when their last
 * completed execution belongs to a job execution the re-extraction superseded. The job parameter
 * {@value #PARAMETER} (non-identifying, carried by every later launch of the revision from billing_run) names the
 * last superseded job execution; Spring Batch then starts such a step afresh, with a new ExecutionContext, and
 * {@code com.billingengine.batch.FreshStartSplitter} starts their partitions afresh too.
 */
final class Reextraction {

    static final String PARAMETER = "reextractAfter";

    private Reextraction() {
    }

    /** The step, started again when its last completed execution was superseded by a re-extraction. */
    static Step rerunnable(Step step, JobRepository jobRepository) {
        return new Step() {
            @Override
            public String getName() {
                return step.getName();
            }

            @Override
            public boolean isAllowStartIfComplete() {
                // asked by the job's step handler only when the last execution of this step COMPLETED
                var context = JobSynchronizationManager.getContext();
                if (context == null) {
                    return step.isAllowStartIfComplete();
                }
                JobExecution job = context.getJobExecution();
                Long after = job.getJobParameters().getLong(PARAMETER);
                StepExecution last = jobRepository.getLastStepExecution(job.getJobInstance(), step.getName());
                return step.isAllowStartIfComplete()
                        || after != null && last != null && last.getJobExecutionId() <= after;
            }

            @Override
            public int getStartLimit() {
                return step.getStartLimit();
            }

            @Override
            public void execute(StepExecution stepExecution) throws JobInterruptedException {
                step.execute(stepExecution);
            }
        };
    }
}

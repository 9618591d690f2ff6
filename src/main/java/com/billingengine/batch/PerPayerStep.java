package com.billingengine.batch;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.core.task.TaskExecutor;

/**
 * A manager step that runs its worker once per partition (a payer of the run, an invoice), a few at a time in this
 * process; each partition keeps its own ExecutionContext, so a restart resumes only the partitions that had not
 * finished, and a manager step started afresh (restart --reextract) starts all its partitions afresh.
 */
public final class PerPayerStep {

    private PerPayerStep() {
    }

    public static Step of(String name, JobRepository jobRepository, Step worker, Partitioner runPayerPartitioner,
            TaskExecutor payerTaskExecutor, int concurrency) {
        return new StepBuilder(name, jobRepository)
                .partitioner(worker.getName(), runPayerPartitioner)
                .splitter(splitter(jobRepository, worker, runPayerPartitioner))
                .step(worker)
                .gridSize(concurrency)
                .taskExecutor(payerTaskExecutor)
                .build();
    }

    static FreshStartSplitter splitter(JobRepository jobRepository, Step worker, Partitioner partitioner) {
        return new FreshStartSplitter(jobRepository, worker.getName(), partitioner);
    }
}

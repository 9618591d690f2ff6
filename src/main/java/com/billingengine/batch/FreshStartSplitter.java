package com.billingengine.batch;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Spring Batch's splitter, except when the manager step starts afresh: then every partition starts afresh from the
 * partitioner's context, even one whose earlier execution completed. That happens on a first run (no earlier
 * partitions anyway) and when a completed manager step is started again (restart --reextract): the earlier
 * partitions' saved cursors stand at their last page and must not be carried over. A restarted manager (its
 * context already says it split) resumes its partitions as usual: completed ones are skipped, the others continue
 * from their saved cursor.
 */
final class FreshStartSplitter implements StepExecutionSplitter {

    private static final String SPLIT = "partitions.split";
    private static final String GRID_SIZE = SimpleStepExecutionSplitter.class.getSimpleName() + ".GRID_SIZE";

    private final JobRepository jobRepository;
    private final String stepName;
    private final Partitioner partitioner;
    private final SimpleStepExecutionSplitter resume;

    /** The splitter of a manager step over {@code worker}. */
    static FreshStartSplitter of(JobRepository jobRepository, Step worker, Partitioner partitioner) {
        return new FreshStartSplitter(jobRepository, worker.getName(), partitioner);
    }

    private FreshStartSplitter(JobRepository jobRepository, String stepName, Partitioner partitioner) {
        this.jobRepository = jobRepository;
        this.stepName = stepName;
        this.partitioner = partitioner;
        this.resume = new SimpleStepExecutionSplitter(jobRepository, stepName, partitioner);
    }

    @Override
    public String getStepName() {
        return stepName;
    }

    @Override
    public Set<StepExecution> split(StepExecution manager, int gridSize) throws JobExecutionException {
        if (manager.getExecutionContext().containsKey(SPLIT)) {
            return resume.split(manager, gridSize);
        }
        Set<StepExecution> partitions = new LinkedHashSet<>();
        for (Map.Entry<String, ExecutionContext> partition : partitioner.partition(gridSize).entrySet()) {
            StepExecution execution = jobRepository.createStepExecution(stepName + ":" + partition.getKey(),
                    manager.getJobExecution());
            execution.setExecutionContext(partition.getValue());
            jobRepository.updateExecutionContext(execution);
            partitions.add(execution);
        }
        // only once every partition exists: a crash before this line splits afresh again on restart; the grid size
        // too, where Spring Batch's splitter keeps it, so a restart asks the partitioner for the same partitions
        // (invoiceLines deals its invoices into gridSize partitions) even if billing.job.concurrency changed
        manager.getExecutionContext().putLong(GRID_SIZE, gridSize);
        manager.getExecutionContext().putString(SPLIT, "true");
        jobRepository.updateExecutionContext(manager);
        return partitions;
    }
}

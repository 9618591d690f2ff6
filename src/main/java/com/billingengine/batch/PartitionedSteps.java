package com.billingengine.batch;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;

/**
 * Builds the manager steps of the partitioned work (per payer, per invoice): as threads of this process
 * ({@code billing.job.partitioning: local}) or sent to worker processes over RabbitMQ ({@code remote}). The worker
 * steps are the same in both modes; only where they run differs.
 */
public interface PartitionedSteps {

    /**
     * A manager step over {@code worker} with one partition per entry of {@code partitioner}. A manager step started
     * afresh (a first run, restart --reextract) starts every partition afresh; a restarted one resumes those that
     * had not finished (see {@link FreshStartSplitter}). The listeners are the manager step's (e.g.
     * {@link TableStatistics} once all partitions have written).
     */
    Step of(String name, Step worker, Partitioner partitioner, StepExecutionListener... listeners);

    /** The step builder with the manager step's listeners. */
    static StepBuilder withListeners(StepBuilder builder, StepExecutionListener... listeners) {
        for (StepExecutionListener listener : listeners) {
            builder.listener(listener);
        }
        return builder;
    }
}

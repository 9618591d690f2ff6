package com.billingengine.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.item.ChunkOrientedStep;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.batch.test.MetaDataInstanceFactory;

/**
 * A chunk-oriented step whose thread is interrupted part-way (an SDK timeout, a pool shutting down): without the
 * policy Spring Batch 6.0 leaves the loop and calls the step COMPLETED with items never read; with it the step is
 * STOPPED, so the job is restartable and nothing downstream sees a short bill.
 */
class InterruptedChunksStopTest {

    @AfterEach
    void clearFlag() {
        Thread.interrupted();
    }

    @Test
    void anInterruptedChunkStepIsStoppedNotCompletedShort() throws Exception {
        List<Integer> written = new ArrayList<>();
        ChunkOrientedStep<Integer, Integer> step = step(written);
        step.setInterruptionPolicy(InterruptedChunksStop.STOP_WHEN_INTERRUPTED);
        StepExecution execution = MetaDataInstanceFactory.createStepExecution();

        step.execute(execution);

        assertThat(written).as("the first chunk, then the interrupt").containsExactly(1, 2);
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.STOPPED);
    }

    @Test
    void withoutThePolicySpringBatchCallsTheShortStepCompleted() throws Exception {
        List<Integer> written = new ArrayList<>();
        ChunkOrientedStep<Integer, Integer> step = step(written);
        StepExecution execution = MetaDataInstanceFactory.createStepExecution();

        step.execute(execution);

        assertThat(written).containsExactly(1, 2);
        assertThat(execution.getStatus()).as("the behaviour the policy exists for").isEqualTo(BatchStatus.COMPLETED);
    }

    /** Six items in chunks of two; the writer of the first chunk interrupts its own thread. */
    private static ChunkOrientedStep<Integer, Integer> step(List<Integer> written) throws Exception {
        Iterator<Integer> items = IntStream.rangeClosed(1, 6).boxed().iterator();
        ItemReader<Integer> reader = () -> items.hasNext() ? items.next() : null;
        ChunkOrientedStep<Integer, Integer> step = (ChunkOrientedStep<Integer, Integer>) new StepBuilder("chunks",
                new ResourcelessJobRepository()).<Integer, Integer>chunk(2)
                .transactionManager(new ResourcelessTransactionManager()).reader(reader)
                .writer(chunk -> {
                    written.addAll(chunk.getItems());
                    Thread.currentThread().interrupt();
                }).build();
        step.afterPropertiesSet();
        return step;
    }
}

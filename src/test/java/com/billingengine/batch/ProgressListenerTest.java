package com.billingengine.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.test.MetaDataInstanceFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** The progress of a partitioned step, on a clock the test moves: what is shown, and how often. */
class ProgressListenerTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ProgressListener.class);

    private JobExecution job;
    private StepExecution manager;
    private List<StepExecution> payers;

    @BeforeEach
    void costExtractionOfThreePayers() {
        logged.start();
        logger.addAppender(logged);
        job = MetaDataInstanceFactory.createJobExecution("monthlyBilling", 1L, 7L);
        manager = MetaDataInstanceFactory.createStepExecution(job, "costExtraction", 10L);
        job.addStepExecution(manager);
        payers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            // the partition splitter creates every payer's step execution before any of them runs
            payers.add(MetaDataInstanceFactory.createStepExecution(job, "costExtractionPayer:payer-" + i, 10L + i));
        }
        job.addStepExecutions(payers);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logged);
    }

    @Test
    void withoutATerminalALogLineAtMostEveryIntervalPerStep() {
        ProgressListener listener = new ProgressListener(
                Map.of("costExtraction", new ProgressListener.Words("cost lines", true, null)), null, 10, clock::get);
        listener.beforeStep(manager);
        payers.forEach(listener::beforeStep);
        // two payers in parallel, a chunk of 500 lines each second, for 25 seconds; the first payer ends at 12 s
        for (int second = 1; second <= 25; second++) {
            clock.addAndGet(SECOND);
            chunk(listener, payers.get(1), 500);
            if (second <= 12) {
                chunk(listener, payers.get(0), 500);
                payers.get(0).getExecutionContext().putLong("costExplorerRequests", second);
            }
            if (second == 12) {
                listener.afterStep(payers.get(0));
            }
        }
        listener.afterStep(payers.get(1));
        listener.afterStep(payers.get(2));
        listener.afterStep(manager);

        List<String> lines = logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).containsExactly(
                "costExtraction: payers 0/3, 9,500 cost lines, 8 Cost Explorer pages, 950 cost lines/s (10 s)",
                "costExtraction: payers 1/3, about 0:40 left, 16,000 cost lines, 11 Cost Explorer pages,"
                        + " 800 cost lines/s (20 s)",
                "costExtraction: payers 3/3, 18,500 cost lines, 11 Cost Explorer pages, 740 cost lines/s (25 s)");
    }

    @Test
    void onATerminalALiveLineAFewTimesASecondAndTheLastOneStays() {
        List<String> shown = new ArrayList<>();
        ProgressDisplay terminal = recorder(shown);
        ProgressListener listener = new ProgressListener(Map.of(), terminal, 10, clock::get);
        StepExecution invoices = MetaDataInstanceFactory.createStepExecution(job, "invoiceLines", 20L);
        listener.beforeStep(invoices);
        for (int i = 0; i < 8; i++) {
            clock.addAndGet(SECOND / 10);
            chunk(listener, invoices, 5);
        }
        listener.afterStep(invoices);

        assertThat(shown).containsExactly("update invoiceLines: 15 items, 50 items/s (0 s)",
                "update invoiceLines: 30 items, 50 items/s (0 s)", "finish invoiceLines: 40 items, 50 items/s (0 s)");
        assertThat(logged.list).isEmpty();
    }

    @Test
    void aStepEndsSayingWhatItDidNotZeroItems() {
        List<String> shown = new ArrayList<>();
        ProgressDisplay terminal = recorder(shown);
        ProgressListener listener = new ProgressListener(Map.of(
                "erpExport", new ProgressListener.Words("invoice lines exported", false, null),
                "erpDelivery", new ProgressListener.Words("files sent", false, "delivery"),
                "invoiceLines", new ProgressListener.Words("invoices", true, null, "partitions")), terminal, 10, clock::get);
        // a tasklet writes no chunks: its write count is what it did
        StepExecution export = MetaDataInstanceFactory.createStepExecution(job, "erpExport", 30L);
        listener.beforeStep(export);
        clock.addAndGet(2 * SECOND);
        export.setWriteCount(518);
        listener.afterStep(export);
        StepExecution delivery = MetaDataInstanceFactory.createStepExecution(job, "erpDelivery", 31L);
        listener.beforeStep(delivery);
        delivery.getExecutionContext().putString("delivery", "no delivery configured (billing.export.delivery)");
        listener.afterStep(delivery);
        // partitions that are tasklets: each one's write count adds when it ends
        StepExecution invoices = MetaDataInstanceFactory.createStepExecution(job, "invoiceLines", 40L);
        job.addStepExecution(invoices);
        List<StepExecution> parts = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            parts.add(MetaDataInstanceFactory.createStepExecution(job, "invoiceLinesCustomer:partition" + i, 40L + i));
        }
        job.addStepExecutions(parts);
        listener.beforeStep(invoices);
        parts.forEach(listener::beforeStep);
        for (StepExecution part : parts) {
            clock.addAndGet(SECOND);
            part.setWriteCount(100);
            listener.afterStep(part);
        }
        invoices.setWriteCount(200);
        listener.afterStep(invoices);

        assertThat(shown).containsExactly("finish erpExport: 518 invoice lines exported (2 s)",
                "finish erpDelivery: no delivery configured (billing.export.delivery) (0 s)",
                "update invoiceLines: partitions 1/2, about 0:01 left, 100 invoices, 100 invoices/s (1 s)",
                "update invoiceLines: partitions 2/2, 200 invoices, 100 invoices/s (2 s)",
                "finish invoiceLines: partitions 2/2, 200 invoices, 100 invoices/s (2 s)");
        assertThat(shown).noneMatch(l -> l.contains(" 0 items"));
        // while a tasklet runs, its live line says so (the ticker redraws it), not "0 … exported, 0 …/s"
        assertThat(new StepProgress("erpExport", "invoice lines exported", false, 0).line(3 * SECOND))
                .isEqualTo("erpExport: running (3 s)");
    }

    @Test
    void onATerminalTheLiveLineMovesWhileNoChunkEnds() throws Exception {
        List<String> shown = java.util.Collections.synchronizedList(new ArrayList<>());
        ProgressListener listener = new ProgressListener(Map.of(), recorder(shown), 10, clock::get);
        listener.tickEvery(java.time.Duration.ofMillis(20));
        StepExecution slow = MetaDataInstanceFactory.createStepExecution(job, "costExtraction", 50L);
        listener.beforeStep(slow);
        clock.addAndGet(3 * SECOND); // a slow page: no chunk ends
        long deadline = System.nanoTime() + 5 * SECOND;
        while (shown.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        listener.afterStep(slow);
        int finished = shown.size();
        Thread.sleep(100);

        assertThat(shown).first().isEqualTo("update costExtraction: 0 items, 0 items/s (3 s)");
        assertThat(shown.get(finished - 1)).startsWith("finish costExtraction:");
        assertThat(shown).as("nothing drawn after the step finished").hasSize(finished);
    }

    /** A terminal that records what it is told. */
    private static ProgressDisplay recorder(List<String> shown) {
        return new ProgressDisplay() {
            @Override
            public void update(String line) {
                shown.add("update " + line);
            }

            @Override
            public void finish(String line) {
                shown.add("finish " + line);
            }
        };
    }

    private static void chunk(ProgressListener listener, StepExecution step, int items) {
        StepSynchronizationManager.register(step);
        try {
            Chunk<Object> chunk = new Chunk<>();
            for (int i = 0; i < items; i++) {
                chunk.add(i);
            }
            listener.afterChunk(chunk);
        } finally {
            StepSynchronizationManager.close();
        }
    }
}

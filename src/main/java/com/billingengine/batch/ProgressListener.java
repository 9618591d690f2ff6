package com.billingengine.batch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Progress of the running step on stderr: with a {@link ProgressDisplay} (a terminal) a live line a few times a
 * second; without one (cron, Jenkins) a log line at most every interval. Payer partitions ("worker:payer-…") add
 * to the top-level step of their job execution. Never on stdout, never in an export.
 */
final class ProgressListener implements StepExecutionListener, ChunkListener<Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(ProgressListener.class);
    private static final long TERMINAL_NANOS = 250_000_000L;

    private final Map<Long, StepProgress> running = new ConcurrentHashMap<>();
    /** Items the chunks of each running partition showed, by step execution id. */
    private final Map<Long, Long> shown = new ConcurrentHashMap<>();
    private final Map<String, Words> words;
    private final ProgressDisplay display;
    private final long intervalNanos;
    private final LongSupplier clock;

    /**
     * How a top-level step's progress is told.
     *
     * @param noun    what its items (its write count) are, e.g. "cost lines"
     * @param streams its items stream in chunks or partitions: the line shows a rate
     * @param saidKey the execution-context key under which the step says what it did when it wrote nothing (the
     *                delivery's "no delivery configured"), or null
     * @param parts   what its partitions are, for "payers 3/8": payers unless the step deals its work otherwise
     */
    record Words(String noun, boolean streams, String saidKey, String parts) {

        Words(String noun, boolean streams, String saidKey) {
            this(noun, streams, saidKey, "payers");
        }

        static final Words ITEMS = new Words("items", true, null);
    }

    /** {@code display} null: log lines. {@code words}: how each top-level step is told, by name. */
    ProgressListener(Map<String, Words> words, ProgressDisplay display, long intervalSeconds, LongSupplier clock) {
        this.words = words;
        this.display = display;
        this.intervalNanos = display != null ? TERMINAL_NANOS : intervalSeconds * 1_000_000_000L;
        this.clock = clock;
    }

    /**
     * On a terminal: redraws the live line every {@code period} while nothing else happens (a slow page), so the
     * elapsed time and the time left keep moving. A daemon thread: it never keeps the process alive.
     */
    void tickEvery(java.time.Duration period) {
        if (display == null) {
            return;
        }
        java.util.concurrent.ScheduledExecutorService ticker = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, "progress-ticker");
                    thread.setDaemon(true);
                    return thread;
                });
        ticker.scheduleAtFixedRate(this::tick, period.toMillis(), period.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void tick() {
        synchronized (display) { // with afterStep: never a live line drawn again after its step finished
            for (StepProgress progress : running.values()) {
                display.update(progress.line(clock.getAsLong()));
            }
        }
    }

    @Override
    public void beforeStep(StepExecution step) {
        String name = step.getStepName();
        if (!isPartition(name)) {
            running.put(step.getJobExecutionId(), new StepProgress(name, words(name).noun(), words(name).parts(),
                    words(name).streams(), clock.getAsLong()));
            return;
        }
        StepProgress progress = running.get(step.getJobExecutionId());
        if (progress != null) {
            String worker = name.substring(0, name.indexOf(':') + 1);
            progress.partitions((int) step.getJobExecution().getStepExecutions().stream()
                    .filter(s -> s.getStepName().startsWith(worker)).count());
        }
    }

    @Override
    public void afterChunk(Chunk<Object> chunk) {
        StepContext context = StepSynchronizationManager.getContext();
        if (context == null) {
            return;
        }
        StepExecution step = context.getStepExecution();
        StepProgress progress = running.get(step.getJobExecutionId());
        if (progress == null) {
            return;
        }
        progress.written(chunk.size());
        shown.merge(step.getId(), (long) chunk.size(), Long::sum);
        progress.pages(step.getStepName(), step.getExecutionContext().getLong("costExplorerRequests", 0));
        show(progress);
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        StepProgress progress = running.get(step.getJobExecutionId());
        if (progress == null) {
            return null;
        }
        if (isPartition(step.getStepName())) {
            Long chunks = shown.remove(step.getId());
            progress.partitionWrote(step.getWriteCount(), chunks == null ? 0 : chunks);
            progress.partitionDone();
            show(progress);
        } else {
            Words told = words(step.getStepName());
            String said = told.saidKey() == null ? null : step.getExecutionContext().getString(told.saidKey(), null);
            if (display == null) {
                if (running.remove(step.getJobExecutionId(), progress)) {
                    log.info("{}", progress.finished(clock.getAsLong(), step.getWriteCount(), said));
                }
                return null;
            }
            synchronized (display) {
                if (running.remove(step.getJobExecutionId(), progress)) {
                    display.finish(progress.finished(clock.getAsLong(), step.getWriteCount(), said));
                }
            }
        }
        return null;
    }

    private void show(StepProgress progress) {
        long now = clock.getAsLong();
        if (!progress.due(now, intervalNanos)) {
            return;
        }
        if (display != null) {
            display.update(progress.line(now));
        } else {
            log.info("{}", progress.line(now));
        }
    }

    private Words words(String step) {
        return words.getOrDefault(step, Words.ITEMS);
    }

    private static boolean isPartition(String stepName) {
        return stepName.contains(":");
    }
}

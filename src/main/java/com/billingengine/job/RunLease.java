package com.billingengine.job;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.billingengine.period.BillingRun;

/**
 * A held lease on one revision: renewed by a daemon thread every third of the lease time from the moment it is
 * taken, released on close. A process that dies stops renewing, and its lease expires for every host alike.
 */
final class RunLease implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunLease.class);
    /** Why a renewal failed, for the log file (the console's warning stays one plain line). */
    private static final Logger detail = LoggerFactory.getLogger(RunLease.class.getName() + ".detail");

    private final BillingRuns runs;
    private final BillingRun run;
    private final BillingRuns.Owner owner;
    private final int leaseSeconds;
    private final BillingRuns.Lease before;
    private final ScheduledExecutorService heartbeat;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final java.util.function.Consumer<RunLease> onClosed;
    private boolean closed;

    RunLease(BillingRuns runs, BillingRun run, BillingRuns.Owner owner, int leaseSeconds, BillingRuns.Lease before,
            java.util.function.Consumer<RunLease> onClosed) {
        this.onClosed = onClosed;
        this.runs = runs;
        this.run = run;
        this.owner = owner;
        this.leaseSeconds = leaseSeconds;
        this.before = before;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "lease-" + run.periodText() + "-rev-" + run.revision());
            thread.setDaemon(true);
            return thread;
        });
        long periodMs = Math.max(1, leaseSeconds * 1000L / 3);
        heartbeat.scheduleWithFixedDelay(this::renew, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    BillingRun run() {
        return run;
    }

    /** The lease as it was before this process took it; null for a new revision. */
    BillingRuns.Lease before() {
        return before;
    }

    private void renew() {
        try {
            if (!runs.renew(run, owner, leaseSeconds) && lost.compareAndSet(false, true)) {
                log.error("{}: the lease was taken over by another process after it expired here; this process"
                        + " publishes nothing more (export, report and delivery check the lease first): its run is no"
                        + " longer the live one", run);
            } else {
                log.debug("{}: lease renewed for {} s", run, leaseSeconds);
            }
        } catch (RuntimeException e) {
            // the database may be briefly unreachable; the next beat tries again before the lease runs out (a step
            // that meets the same database problem fails and says so itself)
            log.warn("{}: could not renew the lease; the next beat tries again before it runs out", run);
            detail.info("{}: lease renewal failed: {}", run, e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        heartbeat.shutdownNow();
        onClosed.accept(this);
        try {
            runs.release(run, owner);
        } catch (RuntimeException e) {
            log.warn("{}: could not release the lease (it expires in {} s): {}", run, leaseSeconds, e.getMessage());
        }
    }

    /**
     * The engine is closing under a run that still holds this lease (a signal stopped it): stop renewing and leave
     * the lease to expire, so the interrupted run's own close finds nothing to do once the database is gone.
     */
    synchronized void abandon() {
        if (closed) {
            return;
        }
        closed = true;
        heartbeat.shutdownNow();
        try {
            heartbeat.awaitTermination(5, TimeUnit.SECONDS); // a renewal in flight ends before the pool closes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        onClosed.accept(this);
        log.info("{}: stopped; its lease is left to expire in at most {} s", run, leaseSeconds);
    }
}

package com.billingengine.batch;

/**
 * Where a running step's progress line goes when a person watches a terminal; the command line provides it. Without
 * one, progress is logged at most every {@code billing.progress.interval-seconds}.
 */
public interface ProgressDisplay {

    /** Replaces the live line of the running step. */
    void update(String line);

    /** The step ended: its last line stays on screen. */
    void finish(String line);
}

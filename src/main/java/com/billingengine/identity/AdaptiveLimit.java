package com.billingengine.identity;

/**
 * A limit on requests in flight that adapts to throttling (AIMD): a throttled request halves it (once per
 * generation, so a burst of throttles answering requests sent under the same limit halves it once), each success
 * adds 1/limit (about one more request in flight per limit's worth of successes), never above {@code max}.
 */
final class AdaptiveLimit {

    private final int max;
    private double limit;
    private int inFlight;
    private long generation;

    AdaptiveLimit(int max) {
        this.max = Math.max(1, max);
        this.limit = this.max;
    }

    /** Waits for room; returns the generation the request is sent under. */
    synchronized long acquire() throws InterruptedException {
        while (inFlight >= (int) limit) {
            wait();
        }
        inFlight++;
        return generation;
    }

    synchronized void release(boolean succeeded) {
        inFlight--;
        if (succeeded) {
            limit = Math.min(max, limit + 1 / limit);
        }
        notifyAll();
    }

    /** Multiplicative decrease, unless an earlier throttle of the same generation already decreased it. */
    synchronized void decrease(long sentUnder) {
        if (sentUnder == generation) {
            limit = Math.max(1, limit / 2);
            generation++;
        }
    }

    synchronized int limit() {
        return (int) limit;
    }
}

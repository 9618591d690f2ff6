package com.billingengine.sandbox;

import tools.jackson.databind.node.ObjectNode;

/**
 * Requests of one kind that the sandbox is answering at a time: the peak, and the average over the time from the
 * first request's arrival to the last one's answer (the sum of the requests' durations over that span), which is
 * what a benchmark compares with the engine's concurrency.
 */
final class InFlight {

    private int now;
    private int peak;
    private long served;
    private long firstStart = -1;
    private long lastEnd;
    private long busyNanos;

    /** A request arrives; returns its start, for {@link #end}. */
    synchronized long start() {
        long start = System.nanoTime();
        if (firstStart < 0) {
            firstStart = start;
        }
        peak = Math.max(peak, ++now);
        return start;
    }

    synchronized void end(long start) {
        long end = System.nanoTime();
        now--;
        served++;
        busyNanos += end - start;
        lastEnd = Math.max(lastEnd, end);
    }

    synchronized int peak() {
        return peak;
    }

    /** {@code requests}, {@code peakInFlight}, {@code averageInFlight} and {@code spanSeconds} (first to last). */
    synchronized ObjectNode toJson(ObjectNode node) {
        double span = firstStart < 0 ? 0 : (lastEnd - firstStart) / 1e9;
        return node.put("requests", served).put("peakInFlight", peak)
                .put("averageInFlight", span > 0 ? busyNanos / 1e9 / span : 0).put("spanSeconds", span);
    }
}

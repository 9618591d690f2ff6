package com.billingengine.batch;

import java.text.NumberFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far one top-level step of a run has come: its payer partitions done of total, items written, Cost Explorer
 * pages, the rate and a rough time left (elapsed × payers left ÷ payers done). Fed by {@link ProgressListener}.
 */
final class StepProgress {

    private final String step;
    private final String noun;
    private final long startNanos;
    private long items;
    private int partitionsDone;
    private int partitionsTotal;
    private final Map<String, Long> pages = new ConcurrentHashMap<>();
    private long lastShownNanos;

    StepProgress(String step, String noun, long startNanos) {
        this.step = step;
        this.noun = noun;
        this.startNanos = startNanos;
        this.lastShownNanos = startNanos;
    }

    synchronized void written(int count) {
        items += count;
    }

    synchronized void partitions(int total) {
        partitionsTotal = Math.max(partitionsTotal, total);
    }

    synchronized void partitionDone() {
        partitionsDone++;
    }

    /** A partition's Cost Explorer requests so far (each is one page of an answer). */
    void pages(String partition, long requests) {
        if (requests > 0) {
            pages.put(partition, requests);
        }
    }

    /** True, and the clock reset, when {@code intervalNanos} passed since the step started or was last shown. */
    synchronized boolean due(long nowNanos, long intervalNanos) {
        if (nowNanos - lastShownNanos < intervalNanos) {
            return false;
        }
        lastShownNanos = nowNanos;
        return true;
    }

    synchronized String line(long nowNanos) {
        NumberFormat n = NumberFormat.getIntegerInstance(Locale.US);
        double seconds = Math.max(1e-3, (nowNanos - startNanos) / 1e9);
        StringBuilder line = new StringBuilder(step).append(':');
        if (partitionsTotal > 0) {
            line.append(" payers ").append(partitionsDone).append('/').append(partitionsTotal).append(',');
        }
        line.append(' ').append(n.format(items)).append(' ').append(noun);
        long pageCount = pages.values().stream().mapToLong(Long::longValue).sum();
        if (pageCount > 0) {
            line.append(", ").append(n.format(pageCount)).append(" Cost Explorer pages");
        }
        line.append(", ").append(n.format(Math.round(items / seconds))).append(' ').append(noun).append("/s");
        if (partitionsDone > 0 && partitionsDone < partitionsTotal) {
            long left = Math.round(seconds * (partitionsTotal - partitionsDone) / partitionsDone);
            line.append(", about ").append(left / 60).append(':').append(String.format(Locale.ROOT, "%02d", left % 60))
                    .append(" left");
        }
        line.append(" (").append(String.format(Locale.ROOT, "%.0f", Math.floor(seconds))).append(" s)");
        return line.toString();
    }
}

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
    private final String parts;
    private final boolean streams;
    private final long startNanos;
    private long items;
    private int partitionsDone;
    private int partitionsTotal;
    private final Map<String, Long> pages = new ConcurrentHashMap<>();
    private long lastShownNanos;

    /** {@code streams}: its items stream in chunks or partitions, so the line shows them and a rate while it runs. */
    StepProgress(String step, String noun, boolean streams, long startNanos) {
        this(step, noun, "payers", streams, startNanos);
    }

    StepProgress(String step, String noun, String parts, boolean streams, long startNanos) {
        this.step = step;
        this.noun = noun;
        this.parts = parts;
        this.streams = streams;
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

    /** The live line while the step runs; a step that does not stream items (a tasklet) only says it runs. */
    synchronized String line(long nowNanos) {
        if (!streams && partitionsTotal == 0) {
            return step + ": running (" + wholeSeconds(nowNanos) + " s)";
        }
        return line(nowNanos, items, streams, null);
    }

    /**
     * The step's last line, what it did: its write count when that is more than the chunks showed (tasklets write
     * no chunks), or what the step said ({@code said}, e.g. "no delivery configured"); the rate only for a step
     * whose items stream.
     */
    synchronized String finished(long nowNanos, long written, String said) {
        return line(nowNanos, Math.max(items, written), streams, said);
    }

    /** A partition ended having written {@code written} items, of which the chunks already showed {@code shown}. */
    synchronized void partitionWrote(long written, long shown) {
        items += Math.max(0, written - shown);
    }

    private String line(long nowNanos, long count, boolean rate, String said) {
        NumberFormat n = NumberFormat.getIntegerInstance(Locale.US);
        double seconds = Math.max(1e-3, (nowNanos - startNanos) / 1e9);
        StringBuilder line = new StringBuilder(step).append(':');
        if (partitionsTotal > 0) {
            line.append(' ').append(parts).append(' ').append(partitionsDone).append('/').append(partitionsTotal).append(',');
        }
        if (partitionsDone > 0 && partitionsDone < partitionsTotal) {
            // first after done/total: a narrow terminal cuts the end of the live line, never the time left
            long left = Math.round(seconds * (partitionsTotal - partitionsDone) / partitionsDone);
            line.append(" about ").append(left / 60).append(':').append(String.format(Locale.ROOT, "%02d", left % 60))
                    .append(" left,");
        }
        if (said != null) {
            line.append(' ').append(said);
        } else {
            line.append(' ').append(n.format(count)).append(' ').append(noun);
        }
        long pageCount = pages.values().stream().mapToLong(Long::longValue).sum();
        if (pageCount > 0) {
            line.append(", ").append(n.format(pageCount)).append(" Cost Explorer pages");
        }
        if (rate) {
            line.append(", ").append(n.format(Math.round(count / seconds))).append(' ').append(noun).append("/s");
        }
        line.append(" (").append(wholeSeconds(nowNanos)).append(" s)");
        return line.toString();
    }

    private long wholeSeconds(long nowNanos) {
        return Math.max(0, (nowNanos - startNanos) / 1_000_000_000L);
    }
}

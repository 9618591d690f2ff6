package com.billingengine.batch;

/**
 * Where the per-payer and per-invoice partitions run ({@code billing.job.partitioning}); {@link #toString()} is the
 * spelling of the configuration.
 */
public enum Partitioning {
    /** Threads of this process. */
    LOCAL("local"),
    /** Worker processes reached over RabbitMQ, sharing the PostgreSQL job repository. */
    REMOTE("remote");

    private final String value;

    Partitioning(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}

package com.billingengine.batch;

import com.billingengine.SettingValue;

/**
 * Where the per-payer and per-invoice partitions run ({@code billing.job.partitioning}); {@link #toString()} is the
 * spelling of the configuration.
 */
public enum Partitioning implements SettingValue {
    /** Threads of this process. */
    LOCAL,
    /** Worker processes reached over RabbitMQ, sharing the PostgreSQL job repository. */
    REMOTE;

    @Override
    public String toString() {
        return value();
    }
}

package com.billingengine.period;

import org.springframework.batch.core.job.parameters.JobParameters;

/** One run of the monthly job: a period and its revision (1, then 2, 3 … for each --rerun). */
public record BillingRun(BillingPeriod period, int revision) {

    public static final String PERIOD_PARAMETER = "billingPeriod";
    public static final String REVISION_PARAMETER = "revision";

    public static BillingRun of(JobParameters parameters) {
        return new BillingRun(BillingPeriod.parse(parameters.getString(PERIOD_PARAMETER)),
                parameters.getLong(REVISION_PARAMETER).intValue());
    }

    /** From the job parameters as step-scoped beans receive them. */
    public static BillingRun of(String period, Long revision) {
        return new BillingRun(BillingPeriod.parse(period), revision.intValue());
    }

    public String periodText() {
        return period.toString();
    }

    @Override
    public String toString() {
        return period + " rev-" + revision;
    }
}

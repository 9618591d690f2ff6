package com.billingengine.job;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import com.billingengine.export.Release;

/**
 * One revision of a billing period as the job repository knows it: its latest execution and, per step, the latest
 * step execution across all its restarts (a restart skips completed steps, which keep their counts); the terms that
 * priced it (null before pricing) and the registry's changes of terms in the period; {@code approval} its release
 * state with who and when (null: published without approval, or not yet exported).
 */
public record RunStatus(String period, int revision, long jobExecutionId, int attempts, String status,
        String exitCode, LocalDateTime start, LocalDateTime end, Duration duration, String exitMessage,
        List<StepStatus> steps, String terms, List<String> termChanges, Release.Approval approval) {

    /** A step (or a payer's partition of one) with its counts. */
    public record StepStatus(String name, String status, long read, long write, long skip, Duration duration,
            String exitMessage, List<StepStatus> partitions) {
    }
}

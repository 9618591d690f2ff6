package com.billingengine.identity;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Adaptive throttling of AWS calls: a payer's requests in flight and the run's (this process's) each have an
 * {@link AdaptiveLimit}. A throttled call (LimitExceededException and kin, also from the STS session under it) lowers
 * the payer's limit; when payers throttle widely (two or more under the run's current limit) the run's too; then it
 * waits a jittered, growing pause and is sent again, as the same request: a throttle never fails a payer unless one
 * call is throttled {@value #MAX_THROTTLES} times in a row.
 */
public final class Throttling {

    static final int MAX_THROTTLES = 60;
    private static final long BASE_PAUSE_MS = 50;
    private static final long MAX_PAUSE_MS = 5_000;
    /** Payers throttled under one run generation that make the throttling widespread. */
    private static final int WIDESPREAD = 2;
    private static final Set<String> CODES = Set.of("LimitExceededException", "TooManyRequestsException",
            "Throttling", "ThrottlingException");

    private final AdaptiveLimit run;
    private final Set<String> throttledPayers = new HashSet<>();
    private long throttledUnder = -1;

    /** @param maxInFlight the run's requests in flight at most (concurrency × queries per payer) */
    public Throttling(int maxInFlight) {
        this.run = new AdaptiveLimit(maxInFlight);
    }

    /** A payer's share: its own limit, under the run's. */
    public Payer payer(String payerAccountId, int maxInFlight) {
        return new Payer(payerAccountId, new AdaptiveLimit(maxInFlight));
    }

    public int runLimit() {
        return run.limit();
    }

    private synchronized void runThrottled(String payer, long sentUnder) {
        if (sentUnder != throttledUnder) {
            throttledUnder = sentUnder;
            throttledPayers.clear();
        }
        throttledPayers.add(payer);
        if (throttledPayers.size() >= WIDESPREAD) {
            run.decrease(sentUnder);
        }
    }

    /** One payer's calls through the payer's and the run's limits. */
    public final class Payer {

        private final String payerAccountId;
        private final AdaptiveLimit limit;
        private final AtomicLong throttles = new AtomicLong();

        private Payer(String payerAccountId, AdaptiveLimit limit) {
            this.payerAccountId = payerAccountId;
            this.limit = limit;
        }

        /** Sends {@code request} until it is not throttled; other failures are thrown as they are. */
        public <T> T call(Supplier<T> request) {
            for (int attempt = 1; ; attempt++) {
                long payerGeneration;
                long runGeneration;
                try {
                    payerGeneration = limit.acquire();
                    try {
                        runGeneration = run.acquire();
                    } catch (InterruptedException e) {
                        limit.release(false);
                        throw e;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting to call AWS", e);
                }
                boolean succeeded = false;
                try {
                    T answer = request.get();
                    succeeded = true;
                    return answer;
                } catch (SdkException e) {
                    if (!isThrottling(e) || attempt >= MAX_THROTTLES) {
                        throw e;
                    }
                    throttles.incrementAndGet();
                    limit.decrease(payerGeneration);
                    runThrottled(payerAccountId, runGeneration);
                } finally {
                    run.release(succeeded);
                    limit.release(succeeded);
                }
                pause(attempt);
            }
        }

        /** Throttled answers this payer's calls received (each was sent again). */
        public AtomicLong throttles() {
            return throttles;
        }

        int limit() {
            return limit.limit();
        }
    }

    private static void pause(int attempt) {
        long cap = Math.min(MAX_PAUSE_MS, BASE_PAUSE_MS << Math.min(attempt - 1, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting after a throttled AWS call", e);
        }
    }

    /** Throttling, also when it comes from the STS session refreshing the call's credentials. */
    static boolean isThrottling(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AwsServiceException aws && (aws.isThrottlingException()
                    || aws.awsErrorDetails() != null && CODES.contains(aws.awsErrorDetails().errorCode()))) {
                return true;
            }
        }
        return false;
    }
}

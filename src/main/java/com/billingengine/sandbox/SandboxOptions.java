package com.billingengine.sandbox;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Size, seed and faults of a simulated AWS estate. The same options (seed included) always produce the same
 * organisations, accounts and amounts.
 *
 * @param throttleRate       fraction of AWS calls answered with the service's throttling error
 * @param errorRate          fraction of AWS calls answered with 500 InternalFailure or 503 ServiceUnavailable
 * @param failingAccounts    accounts whose Organizations and Cost Explorer calls always answer 503
 * @param estimated          every Cost Explorer result is marked {@code Estimated: true}
 * @param credentialLifetime cap on the lifetime of STS session credentials (zero: they expire at once)
 * @param lateCredits        the month after late credits: some payers' Cost Explorer data gains credits, one of
 *                           them on a service that had none, and loses a refund (see {@link Scenario})
 */
public record SandboxOptions(int payers, int accountsPerPayer, int servicesPerPayer, long seed,
        long latencyMs, double throttleRate, double errorRate, Set<String> failingAccounts,
        boolean estimated, Duration credentialLifetime, boolean lateCredits) {

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    public SandboxOptions {
        require(payers >= 1, "payers must be at least 1, was " + payers);
        require(accountsPerPayer >= 2, "accountsPerPayer must be at least 2 (management + one member), was " + accountsPerPayer);
        require(servicesPerPayer >= 1 && servicesPerPayer <= Services.count(),
                "servicesPerPayer must be 1 to " + Services.count() + ", was " + servicesPerPayer);
        require(latencyMs >= 0, "latencyMs must not be negative, was " + latencyMs);
        require(throttleRate >= 0 && throttleRate <= 1, "throttle rate must be 0 to 1, was " + throttleRate);
        require(errorRate >= 0 && errorRate <= 1, "error rate must be 0 to 1, was " + errorRate);
        require(throttleRate + errorRate <= 1, "throttle + error rates exceed 1");
        failingAccounts = Set.copyOf(failingAccounts == null ? Set.of() : failingAccounts);
        for (String account : failingAccounts) {
            require(ACCOUNT_ID.matcher(account).matches(), "failing account '" + account + "' is not 12 digits");
        }
        require(credentialLifetime != null && !credentialLifetime.isNegative(), "credentialLifetime must not be negative");
    }

    /** The small demo scenario: 3 payers (USD, EUR, JPY), 12 accounts and 15 services each, seed 42, no faults. */
    public static SandboxOptions defaults() {
        return new SandboxOptions(3, 12, 15, 42L, 0, 0, 0, Set.of(), false, Duration.ofHours(1), false);
    }

    public SandboxOptions withSize(int payers, int accountsPerPayer, int servicesPerPayer) {
        return new SandboxOptions(payers, accountsPerPayer, servicesPerPayer, seed, latencyMs, throttleRate, errorRate,
                failingAccounts, estimated, credentialLifetime, lateCredits);
    }

    public SandboxOptions withSeed(long seed) {
        return new SandboxOptions(payers, accountsPerPayer, servicesPerPayer, seed, latencyMs, throttleRate, errorRate,
                failingAccounts, estimated, credentialLifetime, lateCredits);
    }

    public SandboxOptions withLatencyMs(long latencyMs) {
        return new SandboxOptions(payers, accountsPerPayer, servicesPerPayer, seed, latencyMs, throttleRate, errorRate,
                failingAccounts, estimated, credentialLifetime, lateCredits);
    }

    public SandboxOptions withEstimated(boolean estimated) {
        return new SandboxOptions(payers, accountsPerPayer, servicesPerPayer, seed, latencyMs, throttleRate, errorRate,
                failingAccounts, estimated, credentialLifetime, lateCredits);
    }

    public SandboxOptions withCredentialLifetime(Duration credentialLifetime) {
        return new SandboxOptions(payers, accountsPerPayer, servicesPerPayer, seed, latencyMs, throttleRate, errorRate,
                failingAccounts, estimated, credentialLifetime, lateCredits);
    }

    public SandboxOptions withLateCredits(boolean lateCredits) {
        return new SandboxOptions(payers, accountsPerPayer, servicesPerPayer, seed, latencyMs, throttleRate, errorRate,
                failingAccounts, estimated, credentialLifetime, lateCredits);
    }

    /**
     * Parses a fault spec such as {@code throttle=0.2,error=0.05,fail=123456789012}; {@code fail} may list several
     * accounts ({@code fail=A;B}) or repeat. Parts not named keep their current value; a blank spec changes nothing.
     *
     * @throws IllegalArgumentException naming the part that is not understood
     */
    public SandboxOptions withFaults(String spec) {
        double throttle = throttleRate;
        double error = errorRate;
        Set<String> failing = new LinkedHashSet<>(failingAccounts);
        if (spec != null && !spec.isBlank()) {
            for (String part : spec.split(",", -1)) {
                String trimmed = part.trim();
                int eq = trimmed.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("bad fault spec part '" + part + "': expected name=value");
                }
                String name = trimmed.substring(0, eq).trim();
                String value = trimmed.substring(eq + 1).trim();
                switch (name) {
                    case "throttle" -> throttle = rate(part, value);
                    case "error" -> error = rate(part, value);
                    case "fail" -> {
                        for (String account : value.split(";", -1)) {
                            if (!ACCOUNT_ID.matcher(account.trim()).matches()) {
                                throw new IllegalArgumentException("bad fault spec part '" + part
                                        + "': fail needs 12-digit account ids separated by ';'");
                            }
                            failing.add(account.trim());
                        }
                    }
                    default -> throw new IllegalArgumentException("bad fault spec part '" + part
                            + "': unknown fault '" + name + "' (known: throttle, error, fail)");
                }
            }
        }
        if (throttle + error > 1) {
            throw new IllegalArgumentException("bad fault spec '" + spec + "': throttle + error exceed 1");
        }
        return new SandboxOptions(payers, accountsPerPayer, servicesPerPayer, seed, latencyMs, throttle, error,
                failing, estimated, credentialLifetime, lateCredits);
    }

    private static double rate(String part, String value) {
        double rate;
        try {
            rate = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad fault spec part '" + part + "': '" + value + "' is not a number");
        }
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("bad fault spec part '" + part + "': rate must be 0 to 1");
        }
        return rate;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

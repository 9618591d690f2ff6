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
 * @param variations         how the simulated month differs from a plain, final one
 * @param failCostExplorerAfter each account's Cost Explorer calls after this many answer 400 DataUnavailableException
 *                              (not retried), so a run fails part-way through costExtraction; 0: never
 */
public record SandboxOptions(int payers, int accountsPerPayer, int servicesPerPayer, long seed,
        long latencyMs, double throttleRate, double errorRate, Set<String> failingAccounts,
        boolean estimated, Duration credentialLifetime, Variations variations, int failCostExplorerAfter) {

    /**
     * What makes the simulated month change between two runs, as AWS's month does after it ends.
     *
     * @param accountLeaves          one member account of each healthy payer left the organisation mid-month:
     *                               Cost Explorer charges it on days 1 to {@value #LAST_DAY_BEFORE_LEAVING} of each
     *                               month (and names it in DimensionValueAttributes), ListAccounts no longer lists it
     * @param estimatedDays          the last N days of each month are still marked {@code Estimated} (0: none)
     * @param pageTokenMaxAge        Cost Explorer page tokens older than this, or issued by an earlier sandbox
     *                               instance, answer InvalidNextTokenException (null: tokens never expire)
     * @param costExplorerOutageAfter after this many GetCostAndUsage requests every further one answers
     *                               DataUnavailableException (0: never), to fail a run part-way through
     * @param lateCredits            the month after late credits: some payers' Cost Explorer data gains credits, one
     *                               of them on a service that had none, and loses a refund (see {@link Scenario})
     */
    public record Variations(boolean accountLeaves, int estimatedDays, Duration pageTokenMaxAge,
            long costExplorerOutageAfter, boolean lateCredits) {

        public static final int LAST_DAY_BEFORE_LEAVING = 15;
        static final Variations NONE = new Variations(false, 0, null, 0, false);

        public Variations {
            require(estimatedDays >= 0 && estimatedDays <= 31, "estimated days must be 0 to 31, was " + estimatedDays);
            require(pageTokenMaxAge == null || !pageTokenMaxAge.isNegative(), "page token max age must not be negative");
            require(costExplorerOutageAfter >= 0, "Cost Explorer outage must start after 0 or more requests");
        }
    }

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
        variations = variations == null ? Variations.NONE : variations;
        require(failCostExplorerAfter >= 0, "failCostExplorerAfter must not be negative, was " + failCostExplorerAfter);
    }

    /** The small demo scenario: 3 payers (USD, EUR, JPY), 12 accounts and 15 services each, seed 42, no faults. */
    public static SandboxOptions defaults() {
        return new SandboxOptions(3, 12, 15, 42L, 0, 0, 0, Set.of(), false, Duration.ofHours(1), Variations.NONE, 0);
    }

    /** How many distinct services a simulated payer can use. */
    public static int maxServices() {
        return Services.count();
    }

    public SandboxOptions withSize(int payers, int accountsPerPayer, int servicesPerPayer) {
        return new SandboxOptions(payers, accountsPerPayer, servicesPerPayer, seed, latencyMs, throttleRate, errorRate,
                failingAccounts, estimated, credentialLifetime, variations, failCostExplorerAfter);
    }

    public SandboxOptions withSeed(long seed) {
        return new SandboxOptions(payers, accountsPerPayer, servicesPerPayer, seed, latencyMs, throttleRate, errorRate,
                failingAccounts, estimated, credentialLifetime, variations, failCostExplorerAfter);
    }

    public SandboxOptions withLatencyMs(long latencyMs) {
        return new SandboxOptions(payers, accountsPerPayer, servicesPerPayer, seed, latencyMs, throttleRate, errorRate,
                failingAccounts, estimated, credentialLifetime, variations, failCostExplorerAfter);
    }

    public SandboxOptions withEstimated(boolean estimated) {
        return new SandboxOptions(payers, accountsPerPayer, servicesPerPayer, seed, latencyMs, throttleRate, errorRate,
                failingAccounts, estimated, credentialLifetime, variations, failCostExplorerAfter);
    }

    public SandboxOptions withCredentialLifetime(Duration credentialLifetime) {
        return new SandboxOptions(payers, accountsPerPayer, servicesPerPayer, seed, latencyMs, throttleRate, errorRate,
                failingAccounts, estimated, credentialLifetime, variations, failCostExplorerAfter);
    }

    public SandboxOptions withVariations(Variations variations) {
        return new SandboxOptions(payers, accountsPerPayer, servicesPerPayer, seed, latencyMs, throttleRate, errorRate,
                failingAccounts, estimated, credentialLifetime, variations, failCostExplorerAfter);
    }

    public SandboxOptions withLateCredits(boolean lateCredits) {
        return withVariations(new Variations(variations.accountLeaves(), variations.estimatedDays(),
                variations.pageTokenMaxAge(), variations.costExplorerOutageAfter(), lateCredits));
    }

    /** Shorthand for {@code variations().lateCredits()}. */
    public boolean lateCredits() {
        return variations.lateCredits();
    }

    public SandboxOptions withAccountLeaves(boolean accountLeaves) {
        return withVariations(new Variations(accountLeaves, variations.estimatedDays(), variations.pageTokenMaxAge(),
                variations.costExplorerOutageAfter(), variations.lateCredits()));
    }

    public SandboxOptions withEstimatedDays(int estimatedDays) {
        return withVariations(new Variations(variations.accountLeaves(), estimatedDays, variations.pageTokenMaxAge(),
                variations.costExplorerOutageAfter(), variations.lateCredits()));
    }

    public SandboxOptions withPageTokenMaxAge(Duration pageTokenMaxAge) {
        return withVariations(new Variations(variations.accountLeaves(), variations.estimatedDays(), pageTokenMaxAge,
                variations.costExplorerOutageAfter(), variations.lateCredits()));
    }

    /**
     * Parses a fault spec such as {@code throttle=0.2,error=0.05,fail=123456789012}; {@code fail} may list several
     * accounts ({@code fail=A;B}) or repeat; {@code ce-outage-after=N} makes every GetCostAndUsage request after the
     * Nth answer DataUnavailableException; {@code fail-ce-after=N} fails each account's Cost Explorer calls after N. Parts not named keep their current value; a blank spec changes nothing.
     *
     * @throws IllegalArgumentException naming the part that is not understood
     */
    public SandboxOptions withFaults(String spec) {
        double throttle = throttleRate;
        double error = errorRate;
        Set<String> failing = new LinkedHashSet<>(failingAccounts);
        long outageAfter = variations.costExplorerOutageAfter();
        int failCeAfter = failCostExplorerAfter;
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
                    case "ce-outage-after" -> {
                        if (!value.matches("[1-9]\\d{0,9}")) {
                            throw new IllegalArgumentException("bad fault spec part '" + part
                                    + "': ce-outage-after needs a number of requests (1 or more)");
                        }
                        outageAfter = Long.parseLong(value);
                    }
                    case "fail-ce-after" -> failCeAfter = count(part, value);
                    default -> throw new IllegalArgumentException("bad fault spec part '" + part
                            + "': unknown fault '" + name + "' (known: throttle, error, fail, fail-ce-after, ce-outage-after)");
                }
            }
        }
        if (throttle + error > 1) {
            throw new IllegalArgumentException("bad fault spec '" + spec + "': throttle + error exceed 1");
        }
        return new SandboxOptions(payers, accountsPerPayer, servicesPerPayer, seed, latencyMs, throttle, error,
                failing, estimated, credentialLifetime, new Variations(variations.accountLeaves(),
                variations.estimatedDays(), variations.pageTokenMaxAge(), outageAfter, variations.lateCredits()), failCeAfter);
    }

    private static int count(String part, String value) {
        try {
            int count = Integer.parseInt(value);
            if (count > 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("bad fault spec part '" + part + "': a positive number of calls is expected");
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

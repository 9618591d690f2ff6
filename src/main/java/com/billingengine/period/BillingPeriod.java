package com.billingengine.period;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Pattern;

/** One billing month, written YYYY-MM. Only closed months (before the current UTC month) can be billed. */
public record BillingPeriod(YearMonth month) implements Comparable<BillingPeriod> {

    private static final Pattern FORMAT = Pattern.compile("(\\d{4})-(\\d{2})");
    /** AWS's first bills (S3, March 2006). */
    private static final int FIRST_YEAR = 2006;
    /** Cost Explorer keeps 13 months plus the current one (shared/docs/aws-facts.md). */
    public static final int COST_EXPLORER_MONTHS = 13;

    public BillingPeriod {
        if (month == null) {
            throw new IllegalArgumentException("billing period is missing");
        }
    }

    /** Parses YYYY-MM strictly: {@code 2026-1} and {@code 2026-13} are refused with a message naming the value. */
    public static BillingPeriod parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("billing period is missing: expected YYYY-MM, e.g. 2026-10");
        }
        var matcher = FORMAT.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("invalid billing period '" + text + "': expected YYYY-MM, e.g. 2026-10");
        }
        int monthNumber = Integer.parseInt(matcher.group(2));
        if (monthNumber < 1 || monthNumber > 12) {
            throw new IllegalArgumentException("invalid billing period '" + text + "': month must be 01 to 12");
        }
        int year = Integer.parseInt(matcher.group(1));
        if (year < FIRST_YEAR) {
            throw new IllegalArgumentException("invalid billing period '" + text + "': AWS billed nothing before "
                    + FIRST_YEAR);
        }
        return new BillingPeriod(YearMonth.of(year, monthNumber));
    }

    /** Parses and checks the month is closed: the current or a future month has no final bill yet. */
    public static BillingPeriod parseClosed(String text, Clock clock) {
        return parseClosed(text, clock, true);
    }

    /**
     * As {@link #parseClosed(String, Clock)}; {@code costExplorerRetention} false for a simulator, which has every
     * month (the sandbox months the tests pin must not expire a year from now).
     */
    public static BillingPeriod parseClosed(String text, Clock clock, boolean costExplorerRetention) {
        BillingPeriod period = parse(text);
        if (!period.isClosed(clock)) {
            throw new IllegalArgumentException("billing period " + period + " is not closed yet: the current month is "
                    + YearMonth.now(clock.withZone(java.time.ZoneOffset.UTC)) + "; bill " + lastClosed(clock) + " or earlier");
        }
        YearMonth oldest = YearMonth.now(clock.withZone(java.time.ZoneOffset.UTC)).minusMonths(COST_EXPLORER_MONTHS);
        if (costExplorerRetention && period.month().isBefore(oldest)) {
            throw new IllegalArgumentException("billing period " + period + " is older than Cost Explorer keeps ("
                    + COST_EXPLORER_MONTHS + " months before the current one: " + oldest + " or later)");
        }
        return period;
    }

    public static BillingPeriod lastClosed(Clock clock) {
        return new BillingPeriod(YearMonth.now(clock.withZone(java.time.ZoneOffset.UTC)).minusMonths(1));
    }

    public boolean isClosed(Clock clock) {
        return month.isBefore(YearMonth.now(clock.withZone(java.time.ZoneOffset.UTC)));
    }

    /** First day of the month (inclusive). */
    public LocalDate start() {
        return month.atDay(1);
    }

    /** First day of the next month: Cost Explorer's End is exclusive. */
    public LocalDate endExclusive() {
        return month.plusMonths(1).atDay(1);
    }

    public BillingPeriod previous() {
        return new BillingPeriod(month.minusMonths(1));
    }

    public BillingPeriod next() {
        return new BillingPeriod(month.plusMonths(1));
    }

    public int days() {
        return month.lengthOfMonth();
    }

    @Override
    public int compareTo(BillingPeriod other) {
        return month.compareTo(other.month);
    }

    @Override
    public String toString() {
        return month.toString();
    }
}

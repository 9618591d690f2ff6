package com.billingengine.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;

/**
 * Daily amounts of every cost cell, computed on demand from a hash of (seed, account, service, record type, day),
 * so any query window, granularity or grouping sees the same numbers.
 */
final class CostModel {

    static final int SCALE = 10;
    private static final BigDecimal NET_FACTOR = new BigDecimal("0.95");
    private static final BigDecimal SAVINGS_PLAN_RATE = new BigDecimal("0.72");
    private static final BigDecimal[] BLEND_FACTORS = {new BigDecimal("0.97"), new BigDecimal("0.985"), BigDecimal.ONE,
            new BigDecimal("1.015"), new BigDecimal("1.03")};
    private static final BigDecimal HALF = new BigDecimal("0.5");

    private final Scenario scenario;

    CostModel(Scenario scenario) {
        this.scenario = scenario;
    }

    /**
     * One cell's charge on one day. Net costs take a 5% private-pricing discount on Usage and DiscountedUsage;
     * amortised costs spread Savings Plans onto the covered usage (covered usage at 72%, negation, recurring fee and
     * RI fee at zero).
     */
    record Draw(Scenario.Cell cell, BigDecimal unblended, BigDecimal quantity) {

        BigDecimal blended() {
            if (cell.recordType() != RecordType.USAGE) {
                return unblended;
            }
            return round(unblended.multiply(BLEND_FACTORS[Mix.below(Mix.mix(cell.key(), 2), BLEND_FACTORS.length)]));
        }

        BigDecimal amortized() {
            return switch (cell.recordType()) {
                case SAVINGS_PLAN_COVERED_USAGE -> round(unblended.multiply(SAVINGS_PLAN_RATE));
                case SAVINGS_PLAN_NEGATION, SAVINGS_PLAN_RECURRING_FEE, RI_FEE -> BigDecimal.ZERO;
                default -> unblended;
            };
        }

        BigDecimal net(BigDecimal amount) {
            RecordType type = cell.recordType();
            return type == RecordType.USAGE || type == RecordType.DISCOUNTED_USAGE
                    ? round(amount.multiply(NET_FACTOR)) : amount;
        }
    }

    /** The cell's charge on {@code day}, or null when it charges nothing that day. */
    Draw draw(Scenario.Cell cell, LocalDate day) {
        if (!scenario.chargedOn(cell, day)) {
            return null;
        }
        long h = Mix.mix(cell.key(), day.toEpochDay());
        // 0.5 to 1.5 times the cell's scale, with 10 fraction digits
        BigDecimal factor = BigDecimal.valueOf(Long.remainderUnsigned(h, 10_000_000_000L), SCALE).add(HALF);
        BigDecimal amount = round(cell.scale().multiply(factor));
        BigDecimal quantity = cell.recordType().usageLike()
                ? BigDecimal.valueOf(1 + Long.remainderUnsigned(Mix.mix(h, 7), 240_000L), 4) : BigDecimal.ZERO;
        return new Draw(cell, cell.recordType().negative() ? amount.negate() : amount, quantity);
    }

    /** The sum over every account the payer's credentials see, every cell and every day of the month. */
    BigDecimal monthTotal(String payerAccountId, YearMonth month, CostMetric metric, Set<String> recordTypes) {
        BigDecimal total = BigDecimal.ZERO;
        List<Scenario.Account> accounts = scenario.visibleAccounts(payerAccountId);
        for (Scenario.Account account : accounts) {
            for (Scenario.Cell cell : scenario.cells(account)) {
                if (recordTypes != null && !recordTypes.contains(cell.recordType().dimensionValue())) {
                    continue;
                }
                for (LocalDate day = month.atDay(1); !day.isAfter(month.atEndOfMonth()); day = day.plusDays(1)) {
                    Draw draw = draw(cell, day);
                    if (draw != null) {
                        total = total.add(metric.value(draw));
                    }
                }
            }
        }
        return total;
    }

    static BigDecimal round(BigDecimal value) {
        return value.setScale(SCALE, RoundingMode.HALF_EVEN);
    }
}

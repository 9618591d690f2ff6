package com.billingengine.sandbox;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Cost Explorer RECORD_TYPE values the sandbox generates, with how their daily amounts behave. */
enum RecordType {
    USAGE("Usage", 1, "0.05", "0.4", "3", "25", "120"),
    DISCOUNTED_USAGE("DiscountedUsage", 1, "0.3", "4", "18"),
    SAVINGS_PLAN_COVERED_USAGE("SavingsPlanCoveredUsage", 1, "0.5", "6", "40"),
    /** Mirrors SavingsPlanCoveredUsage of the same account and service, negated: the two cancel out. */
    SAVINGS_PLAN_NEGATION("SavingsPlanNegation", -1, "0.5", "6", "40"),
    SAVINGS_PLAN_RECURRING_FEE("SavingsPlanRecurringFee", 1, "24", "96"),
    RI_FEE("RIFee", 1, "2", "15"),
    /** One-off fees (domain registrations) land on the first day of the month. */
    FEE("Fee", 1, "12", "40"),
    CREDIT("Credit", -1, "0.2", "2.5"),
    /** Refunds land on the 15th. */
    REFUND("Refund", -1, "5", "30"),
    TAX("Tax", 1, "0.1", "1.5", "9"),
    SUPPORT("Support", 1, "3", "33");

    private final String dimensionValue;
    private final int sign;
    private final BigDecimal[] scales;

    RecordType(String dimensionValue, int sign, String... scales) {
        this.dimensionValue = dimensionValue;
        this.sign = sign;
        this.scales = new BigDecimal[scales.length];
        for (int i = 0; i < scales.length; i++) {
            this.scales[i] = new BigDecimal(scales[i]);
        }
    }

    String dimensionValue() {
        return dimensionValue;
    }

    boolean negative() {
        return sign < 0;
    }

    /** The key salt: the negation shares its covered usage's salt so both draw the same amounts. */
    String salt() {
        return this == SAVINGS_PLAN_NEGATION ? SAVINGS_PLAN_COVERED_USAGE.dimensionValue : dimensionValue;
    }

    BigDecimal scale(long hash) {
        return scales[(int) Long.remainderUnsigned(hash, scales.length)];
    }

    boolean chargedOn(LocalDate day) {
        return switch (this) {
            case FEE -> day.getDayOfMonth() == 1;
            case REFUND -> day.getDayOfMonth() == 15;
            default -> true;
        };
    }

    boolean usageLike() {
        return this == USAGE || this == DISCOUNTED_USAGE || this == SAVINGS_PLAN_COVERED_USAGE;
    }
}

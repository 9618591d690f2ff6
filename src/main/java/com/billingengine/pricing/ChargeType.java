package com.billingengine.pricing;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What kind of charge a cost line is, classified from Cost Explorer's {@code RECORD_TYPE} dimension.
 *
 * <p>Every record type maps to a charge type: an unknown one becomes {@link #OTHER} so it is billed (or handled
 * as configured for {@code other}) instead of silently disappearing. Each type has a stable lower-case
 * {@link #code()} used in configuration files and exports.
 */
public enum ChargeType {
    USAGE("usage", "Usage"),
    DISCOUNTED_USAGE("discounted-usage", "DiscountedUsage"),
    SAVINGS_PLAN_COVERED_USAGE("savings-plan-covered-usage", "SavingsPlanCoveredUsage"),
    SAVINGS_PLAN_NEGATION("savings-plan-negation", "SavingsPlanNegation"),
    SAVINGS_PLAN_FEE("savings-plan-fee", "SavingsPlanRecurringFee", "SavingsPlanUpfrontFee"),
    RI_FEE("ri-fee", "RIFee"),
    SUPPORT("support", "Support"),
    CREDIT("credit", "Credit"),
    REFUND("refund", "Refund"),
    TAX("tax", "Tax"),
    MARKETPLACE("marketplace"),
    FEE("fee", "Fee"),
    DISCOUNT("discount", "Discount", "BundledDiscount"),
    OTHER("other");

    private static final String MARKETPLACE_PREFIX = "marketplace";
    private static final Map<String, ChargeType> BY_RECORD_TYPE = Arrays.stream(values())
            .flatMap(type -> Arrays.stream(type.recordTypes).map(recordType -> Map.entry(recordType.toLowerCase(Locale.ROOT), type)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    private static final Map<String, ChargeType> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ChargeType::code, Function.identity()));

    private final String code;
    private final String[] recordTypes;

    ChargeType(String code, String... recordTypes) {
        this.code = code;
        this.recordTypes = recordTypes;
    }

    /** The stable lower-case name used in configuration files and exports, e.g. {@code usage}, {@code ri-fee}. */
    public String code() {
        return code;
    }

    /**
     * Classifies a Cost Explorer {@code RECORD_TYPE} value (case-insensitive). Values starting with "Marketplace"
     * are {@link #MARKETPLACE}; anything unknown, blank or null is {@link #OTHER}, never dropped.
     */
    public static ChargeType fromRecordType(String recordType) {
        if (recordType == null) {
            return OTHER;
        }
        String key = recordType.trim().toLowerCase(Locale.ROOT);
        ChargeType known = BY_RECORD_TYPE.get(key);
        if (known != null) {
            return known;
        }
        return key.startsWith(MARKETPLACE_PREFIX) ? MARKETPLACE : OTHER;
    }

    /** The charge type with this {@link #code()}, or empty. Codes are matched exactly (they are lower-case). */
    public static Optional<ChargeType> fromCode(String code) {
        return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
    }

    /** All codes, for error messages that list what is allowed. */
    static String knownCodes() {
        return Arrays.stream(values()).map(ChargeType::code).collect(Collectors.joining(", "));
    }
}

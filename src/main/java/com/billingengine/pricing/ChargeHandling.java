package com.billingengine.pricing;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an invoice does with one charge type. There is no "separate line" handling: invoice lines are already
 * kept per charge type, so support, tax or credits are always their own lines.
 */
public enum ChargeHandling {
    /** Priced like usage: the matching pricing rule's markup or discount applies. */
    BILL("bill"),
    /** The AWS cost is copied without markup or discount (still converted to the invoice currency). */
    PASS_THROUGH("pass-through"),
    /** Left off the invoice, e.g. AWS tax when the ERP adds its own VAT. */
    DROP("drop");

    private final String code;

    ChargeHandling(String code) {
        this.code = code;
    }

    /** The name used in {@code jobs/monthly-billing.yml}: {@code bill}, {@code pass-through} or {@code drop}. */
    public String code() {
        return code;
    }

    /** The code: what the configuration check lists as the values expected. */
    @Override
    public String toString() {
        return code;
    }

    public static Optional<ChargeHandling> fromCode(String code) {
        return Arrays.stream(values()).filter(handling -> handling.code.equals(code)).findFirst();
    }

    static String knownCodes() {
        return Arrays.stream(values()).map(ChargeHandling::code).collect(Collectors.joining(", "));
    }
}

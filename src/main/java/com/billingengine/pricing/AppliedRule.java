package com.billingengine.pricing;

import java.math.BigDecimal;

/** The rule that priced a line and its percent (markup positive, discount negative); the invoice line records both. */
public record AppliedRule(String ruleId, BigDecimal percent) {

    /** Rule id used when no pricing rule matched and the payer's registry markup applies. */
    public static final String REGISTRY = "registry";
    /** Rule id used for charge types whose handling is {@link ChargeHandling#PASS_THROUGH}. */
    public static final String PASS_THROUGH = "pass-through";

    public static AppliedRule passThrough() {
        return new AppliedRule(PASS_THROUGH, BigDecimal.ZERO);
    }
}

package com.billingengine.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.billingengine.period.BillingPeriod;

class RoleSessionNamesTest {

    @Test
    void theSessionNameNamesTheEngineThePeriodAndThePayerWithinStsRules() {
        String name = RoleSessionNames.of(BillingPeriod.parse("2026-10"), "123456789012");
        assertThat(name).isEqualTo("billing-engine-2026-10-123456789012");
        assertThat(name).hasSizeBetween(2, 64).matches("[\\w+=,.@-]*");
    }
}

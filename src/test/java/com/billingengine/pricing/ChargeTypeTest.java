package com.billingengine.pricing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChargeTypeTest {

    @ParameterizedTest
    @CsvSource({
            "Usage, USAGE", "DiscountedUsage, DISCOUNTED_USAGE", "SavingsPlanCoveredUsage, SAVINGS_PLAN_COVERED_USAGE",
            "SavingsPlanNegation, SAVINGS_PLAN_NEGATION", "SavingsPlanRecurringFee, SAVINGS_PLAN_FEE",
            "SavingsPlanUpfrontFee, SAVINGS_PLAN_FEE", "RIFee, RI_FEE", "Fee, FEE", "Credit, CREDIT", "Refund, REFUND",
            "Tax, TAX", "Support, SUPPORT", "Discount, DISCOUNT", "BundledDiscount, DISCOUNT",
            "Marketplace, MARKETPLACE", "MarketplaceUsage, MARKETPLACE", "usage, USAGE", "' Tax ', TAX"})
    void mapsEveryKnownRecordType(String recordType, ChargeType expected) {
        assertThat(ChargeType.fromRecordType(recordType)).isEqualTo(expected);
    }

    @Test
    void anUnknownRecordTypeIsOtherNeverDropped() {
        assertThat(ChargeType.fromRecordType("EdpDiscount")).isEqualTo(ChargeType.OTHER);
        assertThat(ChargeType.fromRecordType("")).isEqualTo(ChargeType.OTHER);
        assertThat(ChargeType.fromRecordType(null)).isEqualTo(ChargeType.OTHER);
    }

    @Test
    void codesAreStableLowerCaseAndRoundTrip() {
        assertThat(ChargeType.USAGE.code()).isEqualTo("usage");
        assertThat(ChargeType.SAVINGS_PLAN_COVERED_USAGE.code()).isEqualTo("savings-plan-covered-usage");
        for (ChargeType type : ChargeType.values()) {
            assertThat(type.code()).matches("[a-z-]+");
            assertThat(ChargeType.fromCode(type.code())).contains(type);
        }
        assertThat(ChargeType.fromCode("Usage")).isEmpty();
    }

    @Test
    void policyDefaultsBillEverythingButPassCreditsAndRefundsThrough() {
        ChargePolicy defaults = ChargePolicy.defaults();
        assertThat(defaults.handlingOf(ChargeType.USAGE)).isEqualTo(ChargeHandling.BILL);
        assertThat(defaults.handlingOf(ChargeType.OTHER)).isEqualTo(ChargeHandling.BILL);
        assertThat(defaults.handlingOf(ChargeType.CREDIT)).isEqualTo(ChargeHandling.PASS_THROUGH);
        assertThat(defaults.handlingOf(ChargeType.REFUND)).isEqualTo(ChargeHandling.PASS_THROUGH);
        assertThat(ChargePolicy.fromMap(null)).isEqualTo(defaults);
    }

    @Test
    void policyReadsTheChargesSectionOverDefaults() {
        ChargePolicy policy = ChargePolicy.fromMap(Map.of("tax", "drop", "credit", "bill", "support", "pass-through"));
        assertThat(policy.handlingOf(ChargeType.TAX)).isEqualTo(ChargeHandling.DROP);
        assertThat(policy.handlingOf(ChargeType.CREDIT)).isEqualTo(ChargeHandling.BILL);
        assertThat(policy.handlingOf(ChargeType.SUPPORT)).isEqualTo(ChargeHandling.PASS_THROUGH);
        assertThat(policy.handlingOf(ChargeType.REFUND)).isEqualTo(ChargeHandling.PASS_THROUGH);
        assertThat(policy.handlingOf(ChargeType.USAGE)).isEqualTo(ChargeHandling.BILL);
    }

    @Test
    void policyErrorsNameTheKeyAndTheValue() {
        assertThatThrownBy(() -> ChargePolicy.fromMap(Map.of("taxes", "drop")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("charges.taxes").hasMessageContaining("unknown charge type 'taxes'").hasMessageContaining("ri-fee");
        assertThatThrownBy(() -> ChargePolicy.fromMap(Map.of("tax", "dorp")))
                .hasMessageContaining("charges.tax").hasMessageContaining("unknown handling 'dorp'")
                .hasMessageContaining("bill, pass-through, drop");
        assertThatThrownBy(() -> ChargePolicy.fromMap(Map.of("tax", true))).hasMessageContaining("unknown handling 'true'");
    }

    @Test
    void policyErrorsNameEveryBadEntryNotOnlyTheFirst() {
        Map<String, Object> charges = new java.util.LinkedHashMap<>();
        charges.put("vat", "bill");
        charges.put("tax", "drop");
        charges.put("gst", "dorp");
        assertThat(ChargePolicy.problems(charges)).containsExactly(
                new ChargePolicy.Problem("charges.vat", "unknown charge type 'vat' (known: " + ChargeType.knownCodes() + ")"),
                new ChargePolicy.Problem("charges.gst", "unknown charge type 'gst' (known: " + ChargeType.knownCodes() + ")"),
                new ChargePolicy.Problem("charges.gst", "unknown handling 'dorp' (expected one of "
                        + ChargeHandling.knownCodes() + ")"));
        assertThatThrownBy(() -> ChargePolicy.fromMap(charges)).hasMessageContaining("charges.vat: unknown charge type")
                .hasMessageContaining("charges.gst: unknown charge type").hasMessageContaining("unknown handling 'dorp'");
    }
}

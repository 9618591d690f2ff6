package com.billingengine.period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class BillingPeriodTest {

    private static final Clock NOV_2026 = Clock.fixed(Instant.parse("2026-11-26T06:00:00Z"), ZoneOffset.UTC);

    @Test
    void aMonthRunsFromItsFirstDayToTheFirstDayOfTheNextExclusive() {
        BillingPeriod feb = BillingPeriod.parse("2028-02");
        assertThat(feb.start()).isEqualTo(LocalDate.of(2028, 2, 1));
        assertThat(feb.endExclusive()).isEqualTo(LocalDate.of(2028, 3, 1));
        assertThat(feb.days()).isEqualTo(29);
        assertThat(BillingPeriod.parse("2026-12").endExclusive()).isEqualTo(LocalDate.of(2027, 1, 1));
    }

    @Test
    void onlyClosedMonthsCanBeBilled() {
        assertThat(BillingPeriod.parseClosed("2026-10", NOV_2026)).hasToString("2026-10");
        assertThat(BillingPeriod.lastClosed(NOV_2026)).hasToString("2026-10");
        assertThatThrownBy(() -> BillingPeriod.parseClosed("2026-11", NOV_2026)).hasMessageContaining("not closed");
        assertThatThrownBy(() -> BillingPeriod.parseClosed("2027-01", NOV_2026)).hasMessageContaining("not closed");
    }

    @Test
    void malformedPeriodsNameTheValue() {
        assertThatThrownBy(() -> BillingPeriod.parse("2026-13")).hasMessageContaining("'2026-13'");
        assertThatThrownBy(() -> BillingPeriod.parse("2026-1")).hasMessageContaining("'2026-1'");
        assertThatThrownBy(() -> BillingPeriod.parse("")).hasMessageContaining("missing");
    }
}

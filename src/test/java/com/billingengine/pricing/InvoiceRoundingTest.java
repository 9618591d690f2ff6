package com.billingengine.pricing;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InvoiceRoundingTest {

    private static final Currency EUR = Currency.getInstance("EUR");

    @Test
    void threeThirdsOfTenEuroAddUpToTen() {
        // exact 3.3333…; floors 3.33 × 3 = 9.99; total 10.00 → one cent to the equal-remainder line with the smallest key
        BigDecimal third = new BigDecimal("3.333333333");
        List<BigDecimal> exact = List.of(third, third, new BigDecimal("3.333333334"));

        assertThat(InvoiceRounding.allocate(exact, List.of("b", "c", "a"), EUR))
                .containsExactly(new BigDecimal("3.33"), new BigDecimal("3.33"), new BigDecimal("3.34"));
        assertThat(InvoiceRounding.total(exact, EUR)).isEqualTo(new BigDecimal("10.00"));
    }

    @Test
    void equalRemaindersGoToTheSmallestTieKeyNotTheFirstPosition() {
        List<BigDecimal> exact = List.of(new BigDecimal("0.005"), new BigDecimal("0.005"));
        // total 0.01 HALF_UP; one cent, both remainders 0.5 → key "a" wins wherever it stands
        assertThat(InvoiceRounding.allocate(exact, List.of("b", "a"), EUR)).containsExactly(new BigDecimal("0.00"), new BigDecimal("0.01"));
        assertThat(InvoiceRounding.allocate(exact, List.of("a", "b"), EUR)).containsExactly(new BigDecimal("0.01"), new BigDecimal("0.00"));
    }

    @Test
    void creditsRoundDownwardFirstAndTheTotalRoundsHalfAwayFromZero() {
        // -1.234 floors to -1.24 (remainder 0.006), 0.001 floors to 0.00 (0.001); exact total -1.233 → -1.23
        List<BigDecimal> exact = List.of(new BigDecimal("-1.234"), new BigDecimal("0.001"));
        assertThat(InvoiceRounding.allocate(exact, List.of("credit", "fee"), EUR))
                .containsExactly(new BigDecimal("-1.23"), new BigDecimal("0.00"));
        assertThat(InvoiceRounding.total(List.of(new BigDecimal("-0.005")), EUR)).isEqualTo(new BigDecimal("-0.01"));
    }

    @Test
    void yenHasNoMinorUnitAndBahrainiDinarHasThree() {
        assertThat(InvoiceRounding.allocate(List.of(new BigDecimal("1234.5"), new BigDecimal("0.4")), List.of("a", "b"),
                Currency.getInstance("JPY"))).containsExactly(new BigDecimal("1235"), BigDecimal.ZERO);
        assertThat(InvoiceRounding.allocate(List.of(new BigDecimal("1.23456")), List.of("a"), Currency.getInstance("BHD")))
                .containsExactly(new BigDecimal("1.235"));
    }

    @Test
    void anEmptyInvoiceTotalsZero() {
        assertThat(InvoiceRounding.allocate(List.of(), List.of(), EUR)).isEmpty();
        assertThat(InvoiceRounding.total(List.of(), EUR)).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void refusesDuplicateTieKeysMismatchedSizesAndCurrenciesWithoutMinorUnit() {
        List<BigDecimal> two = Arrays.asList(BigDecimal.ONE, BigDecimal.TEN);
        assertThatThrownBy(() -> InvoiceRounding.allocate(two, List.of("a", "a"), EUR)).hasMessageContaining("distinct");
        assertThatThrownBy(() -> InvoiceRounding.allocate(two, List.of("a"), EUR)).hasMessageContaining("2 amounts but 1 tie keys");
        assertThatThrownBy(() -> InvoiceRounding.total(two, Currency.getInstance("XAU"))).hasMessageContaining("XAU has no minor unit");
    }

    @Test
    void moneyHelpersAreExact() {
        assertThat(Money.applyPercent(new BigDecimal("100.00"), new BigDecimal("5.5"))).isEqualByComparingTo("105.5");
        assertThat(Money.applyPercent(new BigDecimal("0.01"), new BigDecimal("-3.5"))).isEqualTo(new BigDecimal("0.00965"));
        assertThat(Money.percentOf(new BigDecimal("200"), new BigDecimal("2.5"))).isEqualByComparingTo("5");
        assertThat(Money.convert(new BigDecimal("10.123"), new BigDecimal("0.9231"))).isEqualTo(new BigDecimal("9.3445413"));
    }

    @Test
    void aCorrectionKeepsTheCentsOfUnchangedLinesAndSettlesTheTotalAmongTheChangedOnes() {
        // exported: a 3.334 → 3.34 (it got the invoice's cent), b 3.333 → 3.33, c 3.333 → 3.33; total 10.00
        java.util.Map<String, BigDecimal[]> exported = java.util.Map.of(
                "a", new BigDecimal[] {new BigDecimal("3.334"), new BigDecimal("3.34")},
                "b", new BigDecimal[] {new BigDecimal("3.333"), new BigDecimal("3.33")},
                "c", new BigDecimal[] {new BigDecimal("3.333"), new BigDecimal("3.33")});
        // c's AWS cost moved to 3.336: afresh the cent would go to c and leave a (3.33): a line nobody changed
        List<BigDecimal> now = List.of(new BigDecimal("3.334"), new BigDecimal("3.333"), new BigDecimal("3.336"));
        List<String> keys = List.of("a", "b", "c");
        assertThat(InvoiceRounding.allocate(now, keys, EUR)).containsExactly(new BigDecimal("3.33"),
                new BigDecimal("3.33"), new BigDecimal("3.34"));
        assertThat(InvoiceRounding.allocateKeeping(now, keys, EUR, exported)).as("a and b as exported, c takes the"
                + " rest of the total 10.00").containsExactly(new BigDecimal("3.34"), new BigDecimal("3.33"),
                new BigDecimal("3.33"));
        // a new line d joins: the unchanged keep theirs, d takes what its exact amount gives
        List<BigDecimal> withNew = List.of(new BigDecimal("3.334"), new BigDecimal("3.333"), new BigDecimal("3.333"),
                new BigDecimal("1.004"));
        assertThat(InvoiceRounding.allocateKeeping(withNew, List.of("a", "b", "c", "d"), EUR, exported))
                .containsExactly(new BigDecimal("3.34"), new BigDecimal("3.33"), new BigDecimal("3.33"),
                        new BigDecimal("1.00"));
        // the kept lines carried two cents of the old rounding: the one changed line settles both
        java.util.Map<String, BigDecimal[]> carried = java.util.Map.of(
                "a", new BigDecimal[] {new BigDecimal("1.004"), new BigDecimal("1.01")},
                "b", new BigDecimal[] {new BigDecimal("1.004"), new BigDecimal("1.01")});
        assertThat(InvoiceRounding.allocateKeeping(List.of(new BigDecimal("1.004"), new BigDecimal("1.004"),
                new BigDecimal("5.001")), keys, EUR, carried)).as("total 7.009 → 7.01")
                .containsExactly(new BigDecimal("1.01"), new BigDecimal("1.01"), new BigDecimal("4.99"));
        // nothing changed: exactly what was exported
        assertThat(InvoiceRounding.allocateKeeping(List.of(new BigDecimal("3.334"), new BigDecimal("3.333"),
                new BigDecimal("3.333")), keys, EUR, exported)).containsExactly(new BigDecimal("3.34"),
                new BigDecimal("3.33"), new BigDecimal("3.33"));
    }
}

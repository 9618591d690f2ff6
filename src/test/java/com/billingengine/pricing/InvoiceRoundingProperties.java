package com.billingengine.pricing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class InvoiceRoundingProperties {

    record Invoice(List<BigDecimal> exact, List<String> keys, Currency currency) {
    }

    @Property(tries = 500)
    void linesAddUpExactlyToTheRoundedExactTotal(@ForAll("invoices") Invoice invoice) {
        List<BigDecimal> rounded = InvoiceRounding.allocate(invoice.exact(), invoice.keys(), invoice.currency());

        BigDecimal exactTotal = invoice.exact().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        int digits = invoice.currency().getDefaultFractionDigits();
        BigDecimal sum = rounded.stream().reduce(BigDecimal.ZERO.setScale(digits), BigDecimal::add);
        assertThat(sum).isEqualTo(exactTotal.setScale(digits, RoundingMode.HALF_UP));
        assertThat(InvoiceRounding.total(invoice.exact(), invoice.currency())).isEqualTo(sum);
    }

    @Property(tries = 500)
    void everyLineIsWithinOneMinorUnitOfItsExactValue(@ForAll("invoices") Invoice invoice) {
        List<BigDecimal> rounded = InvoiceRounding.allocate(invoice.exact(), invoice.keys(), invoice.currency());

        int digits = invoice.currency().getDefaultFractionDigits();
        BigDecimal minorUnit = BigDecimal.ONE.movePointLeft(digits);
        assertThat(rounded).hasSameSizeAs(invoice.exact());
        for (int i = 0; i < rounded.size(); i++) {
            assertThat(rounded.get(i).scale()).isEqualTo(digits);
            assertThat(rounded.get(i).subtract(invoice.exact().get(i)).abs()).isLessThan(minorUnit);
        }
    }

    @Property(tries = 300)
    void shufflingTheLinesChangesNeitherTheTotalNorAnyLine(@ForAll("invoices") Invoice invoice, @ForAll long seed) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, invoice.exact().size()).boxed().toList());
        Collections.shuffle(order, new Random(seed));
        List<BigDecimal> shuffledExact = order.stream().map(invoice.exact()::get).toList();
        List<String> shuffledKeys = order.stream().map(invoice.keys()::get).toList();

        Map<String, BigDecimal> original = byKey(invoice.keys(), InvoiceRounding.allocate(invoice.exact(), invoice.keys(), invoice.currency()));
        Map<String, BigDecimal> shuffled = byKey(shuffledKeys, InvoiceRounding.allocate(shuffledExact, shuffledKeys, invoice.currency()));

        assertThat(shuffled).isEqualTo(original);
        assertThat(InvoiceRounding.total(shuffledExact, invoice.currency()))
                .isEqualTo(InvoiceRounding.total(invoice.exact(), invoice.currency()));
    }

    @Property(tries = 200)
    void aLineAlreadyOnAWholeMinorUnitIsNeverChanged(@ForAll("invoices") Invoice invoice) {
        List<BigDecimal> rounded = InvoiceRounding.allocate(invoice.exact(), invoice.keys(), invoice.currency());

        int digits = invoice.currency().getDefaultFractionDigits();
        for (int i = 0; i < rounded.size(); i++) {
            BigDecimal exact = invoice.exact().get(i);
            if (exact.setScale(digits, RoundingMode.DOWN).compareTo(exact) == 0) {
                assertThat(rounded.get(i)).isEqualByComparingTo(exact);
            }
        }
    }

    @Provide
    Arbitrary<Invoice> invoices() {
        Arbitrary<Currency> currencies = Arbitraries.of("USD", "EUR", "JPY", "BHD", "CHF").map(Currency::getInstance);
        Arbitrary<List<BigDecimal>> lines = amount().list().ofMinSize(0).ofMaxSize(200);
        return Combinators.combine(lines, currencies)
                .as((exact, currency) -> new Invoice(exact, keysFor(exact.size()), currency));
    }

    /** Amounts of any sign and 0 to 10 decimals; many share a remainder, so tie-breaking by key is exercised. */
    private static Arbitrary<BigDecimal> amount() {
        Arbitrary<BigDecimal> anyScale = Arbitraries.integers().between(0, 10).flatMap(scale ->
                Arbitraries.bigDecimals().between(new BigDecimal("-100000"), new BigDecimal("100000")).ofScale(scale));
        Arbitrary<BigDecimal> halves = Arbitraries.integers().between(-2000, 2000).map(n -> new BigDecimal(n).movePointLeft(3)
                .add(new BigDecimal("0.0005")));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, anyScale),
                net.jqwik.api.Tuple.of(3, halves),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(BigDecimal.ZERO)));
    }

    /** Distinct keys whose alphabetical order differs from their position, so position-based tie-breaks would show. */
    private static List<String> keysFor(int size) {
        return IntStream.range(0, size).mapToObj(i -> "line-" + Integer.toString((i * 7919) % 10007, 36) + "-" + i).toList();
    }

    private static Map<String, BigDecimal> byKey(List<String> keys, List<BigDecimal> amounts) {
        Map<String, BigDecimal> result = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            result.put(keys.get(i), amounts.get(i));
        }
        return result;
    }
}

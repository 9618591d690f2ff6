package com.billingengine.pricing;

import com.billingengine.period.BillingPeriod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExchangeRatesTest {

    private static final BillingPeriod OCT = BillingPeriod.parse("2026-10");
    private static final String FILE = "jobs/exchange-rates.csv";

    @Test
    void loadsRatesPerCurrencyAndPeriodAndUsdIsAlwaysOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rates.csv");
        Files.writeString(file, "\uFEFFperiod,currency,rate\n# comment\n2026-10,EUR,0.9215\n\n2026-11,EUR,0.93\n2026-10,JPY,151.2\n");

        ExchangeRates rates = ExchangeRates.load(file);

        assertThat(rates.rate("EUR", OCT)).contains(new BigDecimal("0.9215"));
        assertThat(rates.rate("EUR", BillingPeriod.parse("2026-11"))).contains(new BigDecimal("0.93"));
        assertThat(rates.require("JPY", OCT)).isEqualTo(new BigDecimal("151.2"));
        assertThat(rates.require("USD", OCT)).isEqualTo(BigDecimal.ONE);
        assertThat(rates.rate("GBP", OCT)).isEmpty();
    }

    @Test
    void aMissingRateNamesCurrencyPeriodAndFile() {
        ExchangeRates rates = parse("2026-09,EUR,0.92");

        assertThatThrownBy(() -> rates.require("EUR", OCT))
                .isInstanceOf(MissingExchangeRateException.class)
                .hasMessage("no exchange rate for EUR in 2026-10 in jobs/exchange-rates.csv: add a line '2026-10,EUR,<units of EUR per 1 USD>'")
                .satisfies(e -> {
                    assertThat(((MissingExchangeRateException) e).currency()).isEqualTo("EUR");
                    assertThat(((MissingExchangeRateException) e).period()).isEqualTo(OCT);
                });
    }

    @Test
    void theShippedExampleCoversEurGbpJpyChfFor2025To2027() {
        ExchangeRates rates = ExchangeRates.load(Path.of("jobs/exchange-rates.csv"));
        for (String currency : List.of("EUR", "GBP", "JPY", "CHF")) {
            for (BillingPeriod period = BillingPeriod.parse("2025-01"); period.compareTo(BillingPeriod.parse("2027-12")) <= 0;
                    period = new BillingPeriod(period.month().plusMonths(1))) {
                assertThat(rates.require(currency, period)).isPositive();
            }
        }
    }

    @Test
    void eachBadLineIsNamedWithFileLineFieldAndValue() {
        assertError("2026-13,EUR,0.92", "jobs/exchange-rates.csv line 2: field 'period': invalid value '2026-13'");
        assertError("2026-10,EUX,0.92", "line 2: field 'currency': unknown ISO 4217 currency code 'EUX'");
        assertError("2026-10,eur,0.92", "line 2: field 'currency': unknown ISO 4217 currency code 'eur'");
        assertError("2026-10,XAU,1800", "line 2: field 'currency': 'XAU' has no minor unit");
        assertError("2026-10,EUR,0", "line 2: field 'rate': must be positive, found '0'");
        assertError("2026-10,EUR,-1.2", "line 2: field 'rate': must be positive, found '-1.2'");
        assertError("2026-10,EUR,0,92", "line 2: expected 3 fields (period,currency,rate) but found 4");
        assertError("2026-10,EUR,abc", "line 2: field 'rate': invalid value 'abc'");
        assertError("2026-10,USD,1.1", "line 2: field 'rate': USD must be 1, found '1.1'");
        assertError("2026-10,EUR,0.92\n2026-10,EUR,0.93", "line 3: duplicate rate for EUR in 2026-10 (already on line 2)");
    }

    @Test
    void theHeaderIsRequired() {
        assertThatThrownBy(() -> ExchangeRates.parse(FILE, List.of("2026-10,EUR,0.92")))
                .isInstanceOf(ExchangeRatesException.class)
                .hasMessage(FILE + " line 1: expected the header 'period,currency,rate' but found '2026-10,EUR,0.92'");
        assertThatThrownBy(() -> ExchangeRates.parse(FILE, List.of()))
                .hasMessageContaining("but found an empty file");
    }

    @Test
    void anUnreadableFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> ExchangeRates.load(dir.resolve("missing.csv")))
                .isInstanceOf(ExchangeRatesException.class).hasMessageContaining("missing.csv: cannot read exchange rates");
    }

    private static ExchangeRates parse(String... lines) {
        List<String> all = new java.util.ArrayList<>(List.of("period,currency,rate"));
        all.addAll(List.of(lines));
        return ExchangeRates.parse(FILE, all);
    }

    private static void assertError(String body, String expected) {
        assertThatThrownBy(() -> parse(body.split("\n"))).isInstanceOf(ExchangeRatesException.class)
                .hasMessageStartingWith(FILE + " line").hasMessageContaining(expected);
    }
}

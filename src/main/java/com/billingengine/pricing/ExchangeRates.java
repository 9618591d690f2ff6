package com.billingengine.pricing;

import com.billingengine.period.BillingPeriod;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Monthly exchange rates from USD (what Cost Explorer reports) to invoice currencies, from
 * {@code jobs/exchange-rates.csv}:
 * <pre>
 * period,currency,rate
 * 2026-10,EUR,0.92
 * </pre>
 * {@code rate} is units of the currency per 1 USD. USD is always 1 and need not be listed (if listed, it must be 1).
 * Blank lines and lines starting with {@code #} are ignored. Loading is strict: a bad line fails the whole file with
 * an {@link ExchangeRatesException} naming the file, line, field and value.
 */
public final class ExchangeRates {

    private static final String HEADER = "period,currency,rate";
    private static final String USD = "USD";

    private final String source;
    private final Map<Key, BigDecimal> rates;

    private ExchangeRates(String source, Map<Key, BigDecimal> rates) {
        this.source = source;
        this.rates = Map.copyOf(rates);
    }

    public static ExchangeRates load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ExchangeRatesException(file + ": cannot read exchange rates: " + e.getMessage(), e);
        }
        return parse(file.toString(), lines);
    }

    /** Parses the CSV lines; {@code source} names the file in error messages. */
    public static ExchangeRates parse(String source, List<String> lines) {
        int header = firstContentLine(lines);
        if (header < 0 || !HEADER.equals(stripBom(lines.get(header)).trim())) {
            String found = header < 0 ? "an empty file" : "'" + lines.get(header).trim() + "'";
            throw new ExchangeRatesException(source + " line " + (header < 0 ? 1 : header + 1)
                    + ": expected the header '" + HEADER + "' but found " + found);
        }
        Map<Key, BigDecimal> rates = new HashMap<>();
        Map<Key, Integer> lineOf = new HashMap<>();
        for (int i = header + 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int lineNumber = i + 1;
            String where = source + " line " + lineNumber;
            String[] cells = line.split(",", -1);
            if (cells.length != 3) {
                throw new ExchangeRatesException(where + ": expected 3 fields (" + HEADER + ") but found " + cells.length + ": '" + line + "'");
            }
            BillingPeriod period = parsePeriod(where, cells[0].trim());
            String currency = parseCurrency(where, cells[1].trim());
            BigDecimal rate = parseRate(where, cells[2].trim());
            if (USD.equals(currency) && rate.compareTo(BigDecimal.ONE) != 0) {
                throw new ExchangeRatesException(where + ": field 'rate': USD must be 1, found '" + cells[2].trim() + "'");
            }
            Key key = new Key(currency, period);
            Integer earlier = lineOf.putIfAbsent(key, lineNumber);
            if (earlier != null) {
                throw new ExchangeRatesException(where + ": duplicate rate for " + currency + " in " + period
                        + " (already on line " + earlier + ")");
            }
            rates.put(key, rate);
        }
        return new ExchangeRates(source, rates);
    }

    /** The file the rates came from, for messages. */
    public String source() {
        return source;
    }

    /** Units of {@code currency} per 1 USD in that period; USD is always 1. */
    public Optional<BigDecimal> rate(String currency, BillingPeriod period) {
        if (USD.equals(currency)) {
            return Optional.of(BigDecimal.ONE);
        }
        return Optional.ofNullable(rates.get(new Key(currency, period)));
    }

    /** Like {@link #rate} but a missing rate is an error naming the currency, the period and the file. */
    public BigDecimal require(String currency, BillingPeriod period) {
        return rate(currency, period).orElseThrow(() -> new MissingExchangeRateException(currency, period, source));
    }

    private static int firstContentLine(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String line = stripBom(lines.get(i)).trim();
            if (!line.isEmpty() && !line.startsWith("#")) {
                return i;
            }
        }
        return -1;
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    private static BillingPeriod parsePeriod(String where, String text) {
        try {
            return BillingPeriod.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ExchangeRatesException(where + ": field 'period': invalid value '" + text + "' (expected YYYY-MM, e.g. 2026-10)");
        }
    }

    private static String parseCurrency(String where, String text) {
        try {
            Currency currency = Currency.getInstance(text);
            if (currency.getDefaultFractionDigits() < 0) {
                throw new ExchangeRatesException(where + ": field 'currency': '" + text + "' has no minor unit and cannot be invoiced");
            }
            return currency.getCurrencyCode();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ExchangeRatesException(where + ": field 'currency': unknown ISO 4217 currency code '" + text + "'");
        }
    }

    private static BigDecimal parseRate(String where, String text) {
        BigDecimal rate;
        try {
            rate = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new ExchangeRatesException(where + ": field 'rate': invalid value '" + text + "' (expected a decimal number such as 0.92)");
        }
        if (rate.signum() <= 0) {
            throw new ExchangeRatesException(where + ": field 'rate': must be positive, found '" + text + "'");
        }
        return rate;
    }

    private record Key(String currency, BillingPeriod period) {
    }
}

package com.billingengine.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * Amounts as finance reads them: the currency's symbol or code, grouping and its minor unit (JPY none). A fixed
 * locale, so the page is the same wherever the engine runs.
 */
final class CurrencyText {

    private static final Locale LOCALE = Locale.US;

    private CurrencyText() {
    }

    /** An invoiced amount in its currency, e.g. {@code €1,234.56}, {@code ¥12,345}, {@code -$50.00}. */
    static String format(BigDecimal amount, String currencyCode) {
        Currency currency = Currency.getInstance(currencyCode);
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        NumberFormat format = NumberFormat.getCurrencyInstance(LOCALE);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(amount.setScale(digits, RoundingMode.HALF_UP));
    }

    /** A USD figure (AWS cost, USD equivalents, margins) to the cent. */
    static String usd(BigDecimal amount) {
        return format(amount, "USD");
    }

    /** A change in percent with its sign, or an empty string when there is nothing to compare with. */
    static String percent(BigDecimal now, BigDecimal before) {
        if (before.signum() == 0) {
            return now.signum() == 0 ? "0.0%" : "new";
        }
        BigDecimal change = now.subtract(before).multiply(BigDecimal.valueOf(100))
                .divide(before.abs(), 1, RoundingMode.HALF_UP);
        return (change.signum() > 0 ? "+" : "") + change.toPlainString() + "%";
    }

    /** A count with grouping, e.g. {@code 12,345}. */
    static String count(long value) {
        return NumberFormat.getIntegerInstance(LOCALE).format(value);
    }
}

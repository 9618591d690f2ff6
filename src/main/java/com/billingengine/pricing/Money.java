package com.billingengine.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Exact money arithmetic: nothing here rounds; rounding happens once per invoice in {@link InvoiceRounding}. */
public final class Money {

    private Money() {
    }

    /** {@code amount} raised by {@code percent} (a discount is negative): amount × (100 + percent) / 100, exactly. */
    public static BigDecimal applyPercent(BigDecimal amount, BigDecimal percent) {
        return amount.add(percentOf(amount, percent));
    }

    /** {@code percent} % of {@code amount}, exactly. */
    public static BigDecimal percentOf(BigDecimal amount, BigDecimal percent) {
        return amount.multiply(percent).movePointLeft(2);
    }

    /** A USD amount in another currency; {@code rate} is units of that currency per 1 USD. Exact. */
    public static BigDecimal convert(BigDecimal usd, BigDecimal rate) {
        return usd.multiply(rate);
    }

    /** An amount already rounded to its currency's minor unit, written with all of its digits: 77121.00 USD, 14844904 JPY. */
    public static BigDecimal inMinorUnits(BigDecimal amount, String currency) {
        return amount.setScale(Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits()),
                RoundingMode.UNNECESSARY);
    }
}

package com.billingengine.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;

/**
 * Rounds an invoice's exact line amounts to the currency's minor unit so that the lines add up to the total.
 *
 * <h2>The rounding rule</h2>
 * <ol>
 *   <li>Every amount is computed exactly (markup, conversion, percentages) and rounded only here, once.</li>
 *   <li>The minor unit is {@link Currency#getDefaultFractionDigits()}: 2 for USD, EUR, CHF; 0 for JPY; 3 for BHD.</li>
 *   <li><b>Invoice total</b> = the exact sum of the exact lines, rounded to the minor unit with
 *       {@link RoundingMode#HALF_UP} (a half goes away from zero: 0.005 → 0.01, -0.005 → -0.01).</li>
 *   <li><b>Lines</b> use the largest-remainder (Hamilton) method: each line is first rounded down (toward minus
 *       infinity, so -1.234 → -1.24) to whole minor units; the difference between the total and the sum of
 *       those floors is a whole number of units <i>k</i>, always between 0 and the number of lines with a
 *       non-zero remainder; the <i>k</i> lines with the largest remainders (exact minus floor) get one unit more.
 *       Equal remainders are ordered by the caller's tie key (ascending, by {@link String#compareTo}), never by
 *       position, so the result per line depends on its amount and key only, not on the order of the lines.</li>
 * </ol>
 * Consequences: the rounded lines add up exactly to the total; every line is less than one minor unit away
 * from its exact value (a line already on a whole unit is never changed); credits and mixed signs need no
 * special case.
 */
public final class InvoiceRounding {

    private InvoiceRounding() {
    }

    /**
     * Rounds each exact amount as described in the class documentation.
     *
     * @param exact    exact line amounts, any scale, any sign
     * @param tieKeys  one distinct stable key per line (e.g. the line id), used only to order equal remainders
     * @param currency the invoice currency; must have a minor unit (not e.g. XAU)
     * @return the rounded amounts in the input order, each with scale = the currency's fraction digits
     */
    public static List<BigDecimal> allocate(List<BigDecimal> exact, List<String> tieKeys, Currency currency) {
        if (exact.size() != tieKeys.size()) {
            throw new IllegalArgumentException(exact.size() + " amounts but " + tieKeys.size() + " tie keys");
        }
        if (new HashSet<>(tieKeys).size() != tieKeys.size()) {
            // equal keys with equal remainders would make the result depend on line order
            throw new IllegalArgumentException("tie keys must be distinct: " + tieKeys);
        }
        int digits = fractionDigits(currency);
        List<Share> shares = new ArrayList<>(exact.size());
        BigDecimal floors = BigDecimal.ZERO;
        for (int i = 0; i < exact.size(); i++) {
            BigDecimal units = exact.get(i).movePointRight(digits);
            BigDecimal floor = units.setScale(0, RoundingMode.FLOOR);
            shares.add(new Share(i, tieKeys.get(i), floor, units.subtract(floor)));
            floors = floors.add(floor);
        }
        int extraUnits = total(exact, currency).movePointRight(digits).subtract(floors).intValueExact();

        List<Share> byRemainder = new ArrayList<>(shares);
        byRemainder.sort(Comparator.comparing(Share::remainder).reversed().thenComparing(Share::tieKey));
        BigDecimal[] rounded = new BigDecimal[exact.size()];
        for (int rank = 0; rank < byRemainder.size(); rank++) {
            Share share = byRemainder.get(rank);
            BigDecimal units = rank < extraUnits ? share.floor().add(BigDecimal.ONE) : share.floor();
            rounded[share.index()] = units.movePointLeft(digits).setScale(digits, RoundingMode.UNNECESSARY);
        }
        return List.of(rounded);
    }

    /**
     * A correction's rounding: lines whose exact amount is what the corrected revision exported keep the amount it
     * was exported with, and the invoice's total (still the rounded exact sum) is settled among the lines that changed,
     * by the same largest-remainder rule, so a credit note lists only lines whose amount really moved. Should the
     * difference exceed one unit per changed line (the kept lines carried more of the old rounding), the units go
     * round the changed lines again in the same order. Only when no line changed but the kept amounts miss the total
     * (a line vanished) is every line rounded afresh ({@link #allocate}).
     *
     * @param exported each line's exported exact amount and amount in the corrected revision (absent: a new line)
     * @return the rounded amounts in the input order
     */
    public static List<BigDecimal> allocateKeeping(List<BigDecimal> exact, List<String> tieKeys, Currency currency,
            java.util.Map<String, BigDecimal[]> exported) {
        List<BigDecimal> fresh = allocate(exact, tieKeys, currency);
        int digits = fractionDigits(currency);
        BigDecimal kept = BigDecimal.ZERO;
        List<Integer> changed = new ArrayList<>();
        BigDecimal[] rounded = fresh.toArray(BigDecimal[]::new);
        for (int i = 0; i < exact.size(); i++) {
            BigDecimal[] before = exported.get(tieKeys.get(i));
            if (before != null && before[0].compareTo(exact.get(i)) == 0) {
                rounded[i] = before[1].setScale(digits, RoundingMode.UNNECESSARY);
                kept = kept.add(rounded[i]);
            } else {
                changed.add(i);
            }
        }
        if (changed.size() == exact.size()) {
            return fresh;
        }
        BigDecimal floors = BigDecimal.ZERO;
        List<Share> shares = new ArrayList<>();
        for (int i : changed) {
            BigDecimal units = exact.get(i).movePointRight(digits);
            BigDecimal floor = units.setScale(0, RoundingMode.FLOOR);
            shares.add(new Share(i, tieKeys.get(i), floor, units.subtract(floor)));
            floors = floors.add(floor);
        }
        long extraUnits = total(exact, currency).subtract(kept).movePointRight(digits).subtract(floors).longValueExact();
        if (changed.isEmpty()) {
            return extraUnits == 0 ? List.of(rounded) : fresh;
        }
        shares.sort(Comparator.comparing(Share::remainder).reversed().thenComparing(Share::tieKey));
        long[] units = new long[shares.size()];
        for (long unit = 0; unit < Math.abs(extraUnits); unit++) {
            // more units: largest remainders first; fewer: smallest remainders give one up first
            int rank = (int) (unit % shares.size());
            units[extraUnits > 0 ? rank : shares.size() - 1 - rank] += Long.signum(extraUnits);
        }
        for (int rank = 0; rank < shares.size(); rank++) {
            Share share = shares.get(rank);
            rounded[share.index()] = share.floor().add(BigDecimal.valueOf(units[rank])).movePointLeft(digits)
                    .setScale(digits, RoundingMode.UNNECESSARY);
        }
        return List.of(rounded);
    }

    /** The invoice total: the exact sum rounded HALF_UP to the currency's minor unit. */
    public static BigDecimal total(List<BigDecimal> exact, Currency currency) {
        return exact.stream().reduce(BigDecimal.ZERO, BigDecimal::add).setScale(fractionDigits(currency), RoundingMode.HALF_UP);
    }

    private static int fractionDigits(Currency currency) {
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw new IllegalArgumentException(currency.getCurrencyCode() + " has no minor unit and cannot be invoiced");
        }
        return digits;
    }

    private record Share(int index, String tieKey, BigDecimal floor, BigDecimal remainder) {
    }
}

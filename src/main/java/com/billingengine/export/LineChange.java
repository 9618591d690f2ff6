package com.billingengine.export;

import java.math.BigDecimal;
import java.util.Currency;

import com.billingengine.pricing.InvoiceLine;

/**
 * One invoice line (by its line id, an opaque key) as one revision billed it and as a later one bills it: a new
 * line has no {@code before}, a vanished one no {@code now}; its amount then counts as zero.
 */
public record LineChange(InvoiceLine before, InvoiceLine now) {

    public LineChange {
        if (before == null && now == null) {
            throw new IllegalArgumentException("a line change needs at least one side");
        }
    }

    /** The line's description (customer, account, service, charge type) as it stands now, or as it last stood. */
    public InvoiceLine line() {
        return now != null ? now : before;
    }

    public String lineId() {
        return line().lineId();
    }

    public BigDecimal amountBefore() {
        return amount(before);
    }

    public BigDecimal amountNow() {
        return amount(now);
    }

    public BigDecimal delta() {
        return amountNow().subtract(amountBefore());
    }

    public BigDecimal awsCostDelta() {
        return (now == null ? BigDecimal.ZERO : now.awsCost()).subtract(before == null ? BigDecimal.ZERO : before.awsCost());
    }

    /** new, vanished or changed. */
    public String kind() {
        return before == null ? "new" : now == null ? "vanished" : "changed";
    }

    private BigDecimal amount(InvoiceLine l) {
        return scaled(l == null ? BigDecimal.ZERO : l.amount(), line().currency());
    }

    /** An amount at the currency's minor unit, as the ERP files write it (the amounts are already rounded to it). */
    static BigDecimal scaled(BigDecimal amount, String currency) {
        return amount.setScale(Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits()));
    }
}

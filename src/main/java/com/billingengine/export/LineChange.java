package com.billingengine.export;

import java.math.BigDecimal;

import com.billingengine.pricing.InvoiceLine;
import com.billingengine.pricing.Money;

/**
 * One invoice line (by its line id, an opaque key) as one revision billed it and as a later one bills it: a new
 * line has no {@code before}, a vanished one no {@code now}; its amount then counts as zero. {@code pricingChanged}:
 * something that priced the line differs between the two revisions' terms (rule, markup, rate, payer terms).
 */
public record LineChange(InvoiceLine before, InvoiceLine now, boolean pricingChanged) {

    public LineChange {
        if (before == null && now == null) {
            throw new IllegalArgumentException("a line change needs at least one side");
        }
    }

    public LineChange(InvoiceLine before, InvoiceLine now) {
        this(before, now, false);
    }

    /**
     * Why the line moved: {@code aws-data} (what AWS charged changed, or only the invoice's rounding), {@code pricing}
     * (the terms that priced it changed, AWS did not) or {@code both}.
     */
    public String cause() {
        boolean aws = awsCostDelta().signum() != 0;
        return pricingChanged ? (aws ? "both" : "pricing") : "aws-data";
    }

    /** The rule that priced the line in the earlier revision ("" for a new line). */
    public String ruleBefore() {
        return before == null ? "" : before.pricingRule();
    }

    /** The rule that prices it now ("" for a vanished line). */
    public String ruleNow() {
        return now == null ? "" : now.pricingRule();
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
        return Money.inMinorUnits(amount, currency);
    }
}

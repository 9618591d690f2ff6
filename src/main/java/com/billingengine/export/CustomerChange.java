package com.billingengine.export;

import java.math.BigDecimal;
import java.util.List;

/**
 * One customer invoice (customer and currency) across two revisions: its totals then and now, and the lines that
 * changed. {@code totalBefore} + the deltas of {@code lines} = {@code totalNow}, to the minor unit.
 */
public record CustomerChange(String customerId, String customerName, String currency, BigDecimal totalBefore,
        BigDecimal totalNow, List<LineChange> lines) {

    public CustomerChange {
        lines = List.copyOf(lines);
    }

    public BigDecimal delta() {
        return totalNow.subtract(totalBefore);
    }

    /** The invoice these totals belong to, as focus.csv's InvoiceId names it. */
    public String invoiceId(String period) {
        return invoiceId(customerId, period, currency);
    }

    /** One invoice per customer, period and currency: {@code C-1001-2026-10-USD}. */
    static String invoiceId(String customerId, String period, String currency) {
        return customerId + "-" + period + "-" + currency;
    }

    /** credit (the customer owes less), debit (more), or balanced (lines moved, the total stayed). */
    public String noteType() {
        return switch (delta().signum()) {
            case -1 -> "credit";
            case 1 -> "debit";
            default -> "balanced";
        };
    }
}

package com.billingengine.export;

import java.math.BigDecimal;
import java.util.List;

/**
 * One customer invoice (customer and currency) across two revisions: its totals then and now, and the lines that
 * changed. {@code totalBefore} + the deltas of {@code lines} = {@code totalNow}, to the minor unit.
 * {@code invoicedBefore}: the earlier revision had this invoice (false: a customer or currency new in the later one).
 */
public record CustomerChange(String customerId, String customerName, String currency, BigDecimal totalBefore,
        BigDecimal totalNow, List<LineChange> lines, boolean invoicedBefore) {

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

    /**
     * One invoice per customer, period and currency: {@code C-1001-2026-10-USD}. No revision in it: a revision never
     * issues the invoice again (the ERP imports it once, then only correction notes), so every revision's
     * invoices.xml and focus.csv name it alike and a correction names what the ERP holds.
     */
    static String invoiceId(String customerId, String period, String currency) {
        return customerId + "-" + period + "-" + currency;
    }

    /** The correction note's own id: the invoice's and the revision that issues the note. */
    public String noteId(String period, int revision) {
        return invoiceId(period) + "-rev-" + revision;
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

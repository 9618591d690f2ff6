package com.billingengine.job;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a finished run printed for the operator: sizes, Cost Explorer requests and throttled answers (each sent
 * again), invoice totals, export folder, and
 * for a revision that corrects an exported one what its correction says (null otherwise); {@code terms} the terms
 * that priced it (null before pricing), {@code notes} pricing rules that billed nothing in the run.
 */
public record RunSummary(String period, int revision, long jobExecutionId, String status, int payers, int accounts,
        long costLines, long costExplorerRequests, long costExplorerThrottles, List<CustomerTotal> customers, String exportFolder,
        List<String> failures, String correction, String terms, List<String> notes) {

    /** An invoice's total in its currency. */
    public record CustomerTotal(String customerId, String customerName, String currency, int lines, BigDecimal total) {
    }
}

package com.billingengine.reconciliation;

import java.math.BigDecimal;

/**
 * One payer's month checked three ways: Cost Explorer's own unfiltered total, the staged cost lines, and what the
 * invoice lines carried (plus what the charge policy dropped). All USD, exact.
 */
record PayerReconciliation(String payerAccountId, BigDecimal costExplorerTotal, BigDecimal stagedTotal,
        BigDecimal invoicedAwsCost, BigDecimal droppedAwsCost) {

    /** Cost Explorer against staging: a missed page or a replayed chunk shows here. */
    BigDecimal extractionDifference() {
        return costExplorerTotal.subtract(stagedTotal);
    }

    /** Staging against the invoice before pricing: a lost or double-counted line shows here. */
    BigDecimal invoiceDifference() {
        return stagedTotal.subtract(invoicedAwsCost).subtract(droppedAwsCost);
    }

    boolean balances() {
        return extractionDifference().signum() == 0 && invoiceDifference().signum() == 0;
    }
}

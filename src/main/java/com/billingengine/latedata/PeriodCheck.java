package com.billingengine.latedata;

import java.util.List;

/**
 * A period checked for late data: the revision whose export it compares with (null: never exported, nothing to
 * compare), its payers, and the Cost Explorer requests the check cost.
 */
public record PeriodCheck(String period, Integer exportedRevision, List<PayerCheck> payers, long costExplorerRequests) {

    public PeriodCheck {
        payers = List.copyOf(payers);
    }

    public boolean exported() {
        return exportedRevision != null;
    }

    public boolean changed() {
        return payers.stream().anyMatch(PayerCheck::changed);
    }
}

package com.billingengine.latedata;

import java.math.BigDecimal;
import java.util.List;

/**
 * One payer's month as the exported revision billed it (its staged cost lines) and as Cost Explorer totals it now,
 * per record type, USD at full precision.
 *
 * @param estimatedDaysInvoiced days that were still estimated when the revision staged them
 * @param estimatedNow          Cost Explorer still marks the month as estimated
 */
public record PayerCheck(String payerAccountId, String customerId, String customerName, List<RecordTypeTotal> recordTypes,
        int estimatedDaysInvoiced, boolean estimatedNow) {

    public PayerCheck {
        recordTypes = List.copyOf(recordTypes);
    }

    /** One record type's total then and now. */
    public record RecordTypeTotal(String recordType, BigDecimal invoiced, BigDecimal now) {

        public BigDecimal difference() {
            return now.subtract(invoiced);
        }

        public boolean changed() {
            return difference().signum() != 0;
        }
    }

    public BigDecimal invoiced() {
        return recordTypes.stream().map(RecordTypeTotal::invoiced).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public BigDecimal now() {
        return recordTypes.stream().map(RecordTypeTotal::now).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public BigDecimal difference() {
        return now().subtract(invoiced());
    }

    /** Any record type changed, even when the changes cancel out in the payer's total. */
    public boolean changed() {
        return recordTypes.stream().anyMatch(RecordTypeTotal::changed);
    }
}

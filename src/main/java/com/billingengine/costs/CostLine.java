package com.billingengine.costs;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One day of one service in one linked account for one RECORD_TYPE, as Cost Explorer reported it (USD). */
public record CostLine(String payerAccountId, String accountId, String service, LocalDate usageDate,
        String recordType, BigDecimal unblendedCost, BigDecimal netUnblendedCost, boolean estimated) {
}

package com.billingengine.pricing;

import java.math.BigDecimal;

/** What AWS charged for one line, in USD as Cost Explorer reports it (exact, unrounded). */
public record StagedCost(LineKey key, BigDecimal awsCost) {
}

package com.billingengine.sandbox;

import java.math.BigDecimal;

/** Cost Explorer metrics, each derived from a cell's daily unblended amount and usage quantity. */
enum CostMetric {
    AMORTIZED_COST("AmortizedCost"),
    BLENDED_COST("BlendedCost"),
    NET_AMORTIZED_COST("NetAmortizedCost"),
    NET_UNBLENDED_COST("NetUnblendedCost"),
    NORMALIZED_USAGE_AMOUNT("NormalizedUsageAmount"),
    UNBLENDED_COST("UnblendedCost"),
    USAGE_QUANTITY("UsageQuantity");

    private final String apiName;

    CostMetric(String apiName) {
        this.apiName = apiName;
    }

    String apiName() {
        return apiName;
    }

    boolean cost() {
        return this != NORMALIZED_USAGE_AMOUNT && this != USAGE_QUANTITY;
    }

    static CostMetric ofApiName(String name) {
        for (CostMetric metric : values()) {
            if (metric.apiName.equals(name)) {
                return metric;
            }
        }
        return null;
    }

    /** Unit of one cell's value; a group mixing units reports {@code N/A}, as Cost Explorer does. */
    String unit(Scenario.Cell cell) {
        if (cost()) {
            return "USD";
        }
        return this == USAGE_QUANTITY && cell.service().hours() ? "Hrs" : "N/A";
    }

    BigDecimal value(CostModel.Draw draw) {
        return switch (this) {
            case UNBLENDED_COST -> draw.unblended();
            case BLENDED_COST -> draw.blended();
            case NET_UNBLENDED_COST -> draw.net(draw.unblended());
            case AMORTIZED_COST -> draw.amortized();
            case NET_AMORTIZED_COST -> draw.net(draw.amortized());
            case USAGE_QUANTITY, NORMALIZED_USAGE_AMOUNT -> draw.quantity();
        };
    }
}

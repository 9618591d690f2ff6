package com.billingengine.costs;

/**
 * The Cost Explorer metric that is billed ({@code billing.costs.metric}). {@link #value()} (also
 * {@link #toString()}) is Cost Explorer's own name, the spelling of the configuration and of every request.
 */
public enum CostMetric {
    UNBLENDED_COST("UnblendedCost", "unblended_cost"),
    NET_UNBLENDED_COST("NetUnblendedCost", "net_unblended_cost");

    private final String value;
    private final String column;

    CostMetric(String value, String column) {
        this.value = value;
        this.column = column;
    }

    /** Cost Explorer's name of the metric, e.g. {@code UnblendedCost}. */
    public String value() {
        return value;
    }

    /** The cost_line (and cost_explorer_month) column that holds it: what invoices and checks sum. */
    public String column() {
        return column;
    }

    @Override
    public String toString() {
        return value;
    }
}

package com.billingengine.export;

/**
 * Whether a revision's files need an approval before release ({@code billing.export.approval});
 * {@link #toString()} is the YAML spelling.
 */
public enum ReleaseApproval {
    /** Published when reconciliation passes. */
    NONE("none"),
    /** Left pending until {@code approve}. */
    REQUIRED("required");

    private final String value;

    ReleaseApproval(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}

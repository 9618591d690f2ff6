package com.billingengine.export;

import com.billingengine.SettingValue;

/**
 * Whether a revision's files need an approval before release ({@code billing.export.approval});
 * {@link #toString()} is the YAML spelling.
 */
public enum ReleaseApproval implements SettingValue {
    /** Published when reconciliation passes. */
    NONE,
    /** Left pending until {@code approve}. */
    REQUIRED;

    @Override
    public String toString() {
        return value();
    }
}

package com.billingengine.export;

import com.billingengine.SettingValue;

/** A kind of ERP file erpExport writes ({@code billing.export.formats}); {@link #toString()} is its YAML spelling. */
public enum ExportFormat implements SettingValue {
    /** invoice-lines.csv (and its correction file). */
    CSV,
    /** invoices.xml (and its correction file). */
    XML,
    /** The FOCUS cost and usage CSV. */
    FOCUS;

    @Override
    public String toString() {
        return value();
    }
}

package com.billingengine.export;

/** A kind of ERP file erpExport writes ({@code billing.export.formats}); {@link #toString()} is its YAML spelling. */
public enum ExportFormat {
    /** invoice-lines.csv (and its correction file). */
    CSV("csv"),
    /** invoices.xml (and its correction file). */
    XML("xml"),
    /** The FOCUS cost and usage CSV. */
    FOCUS("focus");

    private final String value;

    ExportFormat(String value) {
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

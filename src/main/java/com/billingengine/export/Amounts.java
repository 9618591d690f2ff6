package com.billingengine.export;

import java.math.BigDecimal;

/** Amount text for the ERP files: a plain decimal with a dot, never an exponent or a thousands separator. */
final class Amounts {

    private Amounts() {
    }

    /** AWS costs keep their precision (at least two decimals) so finance can follow them back to Cost Explorer. */
    static String awsCost(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.setScale(Math.max(2, stripped.scale())).toPlainString();
    }

    static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.setScale(Math.max(0, stripped.scale())).toPlainString();
    }
}

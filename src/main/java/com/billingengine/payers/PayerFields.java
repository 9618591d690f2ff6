package com.billingengine.payers;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.regex.Pattern;

/** Field rules shared by `payers import` and `payers add`: each failure names the field and the value. */
public final class PayerFields {

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/[\\w+=,.@/-]{1,512}");

    private PayerFields() {
    }

    public static String accountId(String value) {
        String v = trim(value);
        if (!ACCOUNT_ID.matcher(v).matches()) {
            throw new IllegalArgumentException("payer_account_id '" + value + "' is not a 12-digit AWS account id");
        }
        return v;
    }

    public static String required(String field, String value) {
        String v = trim(value);
        if (v.isEmpty()) {
            throw new IllegalArgumentException(field + " is empty");
        }
        return v;
    }

    public static String currency(String value) {
        String v = trim(value).toUpperCase(Locale.ROOT);
        try {
            if (v.length() == 3 && Currency.getInstance(v).getCurrencyCode().equals(v)) {
                return v;
            }
        } catch (IllegalArgumentException unknown) {
            // reported below with the field name
        }
        throw new IllegalArgumentException("currency '" + value + "' is not an ISO 4217 currency code");
    }

    /** An empty role ARN means the billing-only role of the customer's stack in the payer account. */
    public static String roleArn(String value, String payerAccountId) {
        String v = trim(value);
        if (v.isEmpty()) {
            return PayerAccount.defaultRoleArn(payerAccountId);
        }
        var matcher = ROLE_ARN.matcher(v);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("role_arn '" + value + "' is not an IAM role ARN");
        }
        if (!matcher.group(1).equals(payerAccountId)) {
            throw new IllegalArgumentException("role_arn '" + value + "' is not in the payer account " + payerAccountId);
        }
        return v;
    }

    /** An empty status means PENDING: a payer is billed only once validated or explicitly set ACTIVE. */
    public static PayerStatus status(String value) {
        String v = trim(value).toUpperCase(Locale.ROOT);
        if (v.isEmpty()) {
            return PayerStatus.PENDING;
        }
        try {
            return PayerStatus.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status '" + value + "' is not one of PENDING, ACTIVE, SUSPENDED, OFFBOARDED");
        }
    }

    public static BigDecimal markupPercent(String value) {
        String v = trim(value);
        if (v.isEmpty()) {
            return BigDecimal.ZERO;
        }
        try {
            BigDecimal percent = new BigDecimal(v);
            if (percent.compareTo(BigDecimal.valueOf(-100)) < 0 || percent.compareTo(BigDecimal.valueOf(1000)) > 0) {
                throw new IllegalArgumentException("markup_percent '" + value + "' must be between -100 and 1000");
            }
            return percent.stripTrailingZeros().scale() < 0 ? percent.setScale(0) : percent.stripTrailingZeros();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("markup_percent '" + value + "' is not a decimal number");
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }
}

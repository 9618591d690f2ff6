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

    /** The registry's and invoices' column widths (V2__billing_tables, V8__terms_over_time). */
    static final int CUSTOMER_ID_LENGTH = 64;
    static final int CUSTOMER_NAME_LENGTH = 512;

    public static String customerId(String value) {
        return customerId("customer_id", value);
    }

    public static String customerName(String value) {
        return customerName("customer_name", value);
    }

    /** As given by an option such as {@code --customer-id}, named so in a refusal. */
    public static String customerId(String field, String value) {
        return text(field, value, CUSTOMER_ID_LENGTH);
    }

    public static String customerName(String field, String value) {
        return text(field, value, CUSTOMER_NAME_LENGTH);
    }

    /**
     * Required, at most {@code max} characters, and no control character (ESC, NUL, a line break …): the text goes
     * into XML invoices, which cannot hold most of them, and onto terminals. The message shows the character's code,
     * never the character.
     */
    private static String text(String field, String value, int max) {
        String v = required(field, value);
        if (v.length() > max) {
            throw new IllegalArgumentException(field + " is " + v.length() + " characters long; at most " + max
                    + " fit");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isISOControl(c) || c == '\uFFFE' || c == '\uFFFF'
                    || Character.isSurrogate(c) && !Character.isValidCodePoint(v.codePointAt(i))) {
                throw new IllegalArgumentException(field + " holds the control character U+"
                        + String.format("%04X", (int) c) + " at character " + (i + 1) + "; remove it (names go into"
                        + " XML invoices and onto terminals)");
            }
            if (Character.isHighSurrogate(c) && (i + 1 >= v.length() || !Character.isLowSurrogate(v.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(v.charAt(i - 1)))) {
                throw new IllegalArgumentException(field + " holds a broken character (U+"
                        + String.format("%04X", (int) c) + ") at character " + (i + 1));
            }
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

    /** An empty status means PENDING: a payer is billed only once validated (`payers validate`). */
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

    /** Days from an invoice's issue date to its due date, 0 to 365; empty: none given (null). */
    public static Integer paymentTermsDays(String value) {
        String v = trim(value);
        if (v.isEmpty()) {
            return null;
        }
        try {
            int days = Integer.parseInt(v);
            if (days >= 0 && days <= 365) {
                return days;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("payment_terms_days '" + value + "' is not a number of days from 0 to 365");
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }
}

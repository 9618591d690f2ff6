package com.billingengine.pricing;

/**
 * Which invoice lines a pricing rule or a percentage custom line item applies to. A null field matches anything;
 * a set field must equal the line's value exactly. At most one owner field (customer, payer, account) is set.
 */
public record Scope(String customer, String payer, String account, String service, ChargeType chargeType) {

    static final Scope GLOBAL = new Scope(null, null, null, null, null);

    public boolean matches(LineKey line) {
        return (customer == null || customer.equals(line.customerId()))
                && (payer == null || payer.equals(line.payerAccountId()))
                && (account == null || account.equals(line.accountId()))
                && (service == null || service.equals(line.service()))
                && (chargeType == null || chargeType == line.chargeType());
    }

    /**
     * Ranks scopes, higher is more specific: owner level (account 3, payer 2, customer 1, none 0) × 4,
     * plus 2 for a service, plus 1 for a charge type. See {@link PricingRules} for why ties cannot happen.
     */
    int specificity() {
        int owner = account != null ? 3 : payer != null ? 2 : customer != null ? 1 : 0;
        return owner * 4 + (service != null ? 2 : 0) + (chargeType != null ? 1 : 0);
    }

    /** Readable form for messages, e.g. {@code {payer=123456789012, chargeType=support}}. */
    String describe() {
        StringBuilder text = new StringBuilder("{");
        append(text, "customer", customer);
        append(text, "payer", payer);
        append(text, "account", account);
        append(text, "service", service);
        append(text, "chargeType", chargeType == null ? null : chargeType.code());
        return text.append('}').toString();
    }

    private static void append(StringBuilder text, String name, String value) {
        if (value != null) {
            text.append(text.length() > 1 ? ", " : "").append(name).append('=').append(value);
        }
    }
}

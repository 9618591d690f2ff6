package com.billingengine.pricing;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * How each charge type is handled on the invoice, from the {@code charges:} section of
 * {@code jobs/monthly-billing.yml}, e.g. {@code {tax: drop, credit: pass-through, support: bill}}.
 *
 * <p>Defaults: credits and refunds pass through (a markup on a credit would hand the customer more than AWS
 * gave), and so does tax (AWS's tax is a levy collected at cost, never a product to mark up); everything else is
 * billed. Keys are {@link ChargeType#code()}s, values {@link ChargeHandling#code()}s.
 */
public record ChargePolicy(Map<ChargeType, ChargeHandling> handling) {

    public ChargePolicy {
        EnumMap<ChargeType, ChargeHandling> complete = defaultHandling();
        complete.putAll(handling);
        handling = Collections.unmodifiableMap(complete);
    }

    public static ChargePolicy defaults() {
        return new ChargePolicy(Map.of());
    }

    /**
     * Reads the {@code charges:} section as bound (handlings) or as text (codes; null or empty means defaults).
     * Values that are neither (e.g. YAML {@code true}) are refused like unknown codes.
     *
     * @throws IllegalArgumentException naming the key and value, e.g. {@code charges.tax: unknown handling 'dorp'}
     */
    public static ChargePolicy fromMap(Map<String, ?> charges) {
        if (charges == null) {
            return defaults();
        }
        EnumMap<ChargeType, ChargeHandling> configured = new EnumMap<>(ChargeType.class);
        charges.forEach((key, value) -> {
            ChargeType type = ChargeType.fromCode(key).orElseThrow(() -> new IllegalArgumentException(
                    "charges." + key + ": unknown charge type '" + key + "' (known: " + ChargeType.knownCodes() + ")"));
            Optional<ChargeHandling> handling = value instanceof ChargeHandling bound ? Optional.of(bound)
                    : value instanceof String text ? ChargeHandling.fromCode(text.trim()) : Optional.empty();
            configured.put(type, handling.orElseThrow(() -> new IllegalArgumentException(
                    "charges." + key + ": unknown handling '" + value + "' (expected one of " + ChargeHandling.knownCodes() + ")")));
        });
        return new ChargePolicy(configured);
    }

    /** Every charge type's handling, in a canonical form ({@code credit=pass-through,…}): what a revision records. */
    public String canonical() {
        return handling.entrySet().stream().map(e -> e.getKey().code() + "=" + e.getValue().code())
                .collect(java.util.stream.Collectors.joining(","));
    }

    /** Reads {@link #canonical()} back (the handling a revision recorded). */
    public static ChargePolicy ofCanonical(String text) {
        Map<String, String> charges = new java.util.LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (!entry.isBlank()) {
                String[] kv = entry.split("=", 2);
                charges.put(kv[0], kv[1]);
            }
        }
        return fromMap(charges);
    }

    public ChargeHandling handlingOf(ChargeType type) {
        return handling.get(type);
    }

    private static EnumMap<ChargeType, ChargeHandling> defaultHandling() {
        EnumMap<ChargeType, ChargeHandling> defaults = new EnumMap<>(ChargeType.class);
        for (ChargeType type : ChargeType.values()) {
            defaults.put(type, ChargeHandling.BILL);
        }
        defaults.put(ChargeType.CREDIT, ChargeHandling.PASS_THROUGH);
        defaults.put(ChargeType.REFUND, ChargeHandling.PASS_THROUGH);
        defaults.put(ChargeType.TAX, ChargeHandling.PASS_THROUGH);
        return defaults;
    }
}

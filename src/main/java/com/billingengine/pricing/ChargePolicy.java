package com.billingengine.pricing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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

    /** A bad entry of the {@code charges:} section: its key ({@code charges.vat}) and what is wrong with it. */
    public record Problem(String key, String message) {
    }

    /**
     * Reads the {@code charges:} section as bound (handlings) or as text (codes; null or empty means defaults).
     * Values that are neither (e.g. YAML {@code true}) are refused like unknown codes.
     *
     * @throws IllegalArgumentException naming every bad key and value, e.g. {@code charges.tax: unknown handling 'dorp'}
     */
    public static ChargePolicy fromMap(Map<String, ?> charges) {
        List<Problem> problems = problems(charges);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.stream().map(p -> p.key() + ": " + p.message())
                    .collect(Collectors.joining("; ")));
        }
        if (charges == null) {
            return defaults();
        }
        EnumMap<ChargeType, ChargeHandling> configured = new EnumMap<>(ChargeType.class);
        charges.forEach((key, value) -> {
            if (value != null) {
                configured.put(ChargeType.fromCode(key).orElseThrow(), handling(value).orElseThrow());
            }
        });
        return new ChargePolicy(configured);
    }

    /**
     * Every bad entry of the section, in its order, so the configuration check names them all at once: an unknown
     * charge type, an unknown handling. A null value is one the binder refused and named already: it keeps its default.
     */
    public static List<Problem> problems(Map<String, ?> charges) {
        List<Problem> problems = new ArrayList<>();
        if (charges == null) {
            return problems;
        }
        charges.forEach((key, value) -> {
            if (ChargeType.fromCode(key).isEmpty()) {
                problems.add(new Problem("charges." + key, "unknown charge type '" + key + "' (known: "
                        + ChargeType.knownCodes() + ")"));
            }
            if (value != null && handling(value).isEmpty()) {
                problems.add(new Problem("charges." + key, "unknown handling '" + value + "' (expected one of "
                        + ChargeHandling.knownCodes() + ")"));
            }
        });
        return problems;
    }

    private static Optional<ChargeHandling> handling(Object value) {
        return value instanceof ChargeHandling bound ? Optional.of(bound)
                : value instanceof String text ? ChargeHandling.fromCode(text.trim()) : Optional.empty();
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

package com.billingengine.identity;

import java.util.Arrays;
import java.util.Optional;

/**
 * How the engine signs in ({@code --auth-mode}, {@code billing.auth-mode}). Bound by Spring Boot's lenient enum
 * conversion, so {@code entra-id}, {@code ENTRA-ID} and {@code " Entra-Id "} are all {@link #ENTRA_ID}; the
 * {@link #toString()} is the spelling users write, the one every message shows.
 */
public enum AuthMode {
    /** Microsoft Entra ID (client credentials): the production default. */
    ENTRA_ID("entra-id"),
    /** A web identity token read from a file (e.g. a Kubernetes projected token). */
    TOKEN_FILE("token-file"),
    /** The AWS SDK's default credentials, acting directly without assuming a role. */
    DEFAULT_CHAIN("default-chain"),
    /** The simulator's identity provider. */
    SANDBOX("sandbox");

    private final String value;

    AuthMode(String value) {
        this.value = value;
    }

    /** The spelling of the configuration and of {@code --auth-mode}. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }

    /**
     * The mode an option value names before the configuration is bound (any case, surrounding blanks ignored, as the
     * binding accepts it); empty for null or an unknown value, which the configuration check then names.
     */
    public static Optional<AuthMode> of(String text) {
        return text == null ? Optional.empty() : Arrays.stream(values())
                .filter(mode -> mode.value.equalsIgnoreCase(text.strip())).findFirst();
    }
}

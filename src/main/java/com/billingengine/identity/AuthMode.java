package com.billingengine.identity;

import java.util.Arrays;
import java.util.Optional;

import com.billingengine.SettingValue;

/**
 * How the engine signs in ({@code --auth-mode}, {@code billing.auth-mode}). Bound by Spring Boot's lenient enum
 * conversion, so {@code entra-id}, {@code ENTRA-ID} and {@code " Entra-Id "} are all {@link #ENTRA_ID}; the
 * {@link #toString()} is the spelling users write, the one every message shows.
 */
public enum AuthMode implements SettingValue {
    /** Microsoft Entra ID (client credentials): the production default. */
    ENTRA_ID,
    /** A web identity token read from a file (e.g. a Kubernetes projected token). */
    TOKEN_FILE,
    /** The AWS SDK's default credentials, acting directly without assuming a role. */
    DEFAULT_CHAIN,
    /** The simulator's identity provider. */
    SANDBOX;

    @Override
    public String toString() {
        return value();
    }

    /**
     * The mode an option value names before the configuration is bound (any case, surrounding blanks ignored, as the
     * binding accepts it); empty for null or an unknown value, which the configuration check then names.
     */
    public static Optional<AuthMode> of(String text) {
        return text == null ? Optional.empty() : Arrays.stream(values())
                .filter(mode -> mode.value().equalsIgnoreCase(text.strip())).findFirst();
    }
}

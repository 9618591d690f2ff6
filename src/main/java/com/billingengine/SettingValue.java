package com.billingengine;

import java.util.Locale;

/**
 * A value of a closed set in the configuration, spelled as users write it: the constant's name in lower case with
 * hyphens ({@code TOKEN_FILE} is {@code token-file}), which Spring Boot's lenient enum binding maps back.
 */
public interface SettingValue {

    String name();

    /** The spelling of the configuration (and of the option, where there is one). */
    default String value() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

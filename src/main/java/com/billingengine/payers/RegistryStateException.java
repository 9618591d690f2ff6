package com.billingengine.payers;

/** The registry's state forbids the change (exit 3): e.g. a change dated before the payer's latest version. */
public class RegistryStateException extends RuntimeException {

    public RegistryStateException(String message) {
        super(message);
    }
}

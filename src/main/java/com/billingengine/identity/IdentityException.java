package com.billingengine.identity;

/** Signing in or assuming a payer's role failed; the message says what to check and never carries a token. */
public class IdentityException extends RuntimeException {

    public IdentityException(String message) {
        super(message);
    }

    public IdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}

package com.billingengine.pricing;

/** The exchange rates file is unreadable or invalid; the message names the file, line, field and value. */
public class ExchangeRatesException extends RuntimeException {

    public ExchangeRatesException(String message) {
        super(message);
    }

    public ExchangeRatesException(String message, Throwable cause) {
        super(message, cause);
    }
}

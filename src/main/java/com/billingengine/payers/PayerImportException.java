package com.billingengine.payers;

/** A payer file or entry that cannot be taken into the registry; the message names file, line, field and value. */
public class PayerImportException extends IllegalArgumentException {

    public PayerImportException(String message) {
        super(message);
    }
}

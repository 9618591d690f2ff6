package com.billingengine.period;

/** The state of the period forbids the request (exit 3): already completed, or a run is in progress. */
public class RefusedException extends RuntimeException {

    public RefusedException(String message) {
        super(message);
    }
}

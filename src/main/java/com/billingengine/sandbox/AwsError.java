package com.billingengine.sandbox;

/** An AWS error answer; the protocol layer renders it as JSON 1.1 or STS query XML. */
final class AwsError extends RuntimeException {

    private final int status;
    private final String code;

    AwsError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}

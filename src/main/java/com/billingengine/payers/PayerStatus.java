package com.billingengine.payers;

/** Lifecycle of an onboarded payer; only ACTIVE payers are billed. */
public enum PayerStatus {
    PENDING, ACTIVE, SUSPENDED, OFFBOARDED
}

package com.billingengine.accounts;

import java.time.Instant;

/** One account of a payer's organisation, as Organizations listed it for the period. */
public record LinkedAccount(String payerAccountId, String accountId, String name, String email, String state,
        Instant joinedAt) {
}

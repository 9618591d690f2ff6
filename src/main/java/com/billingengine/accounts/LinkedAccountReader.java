package com.billingengine.accounts;

import java.util.List;

import com.billingengine.batch.PagingReader;
import com.billingengine.identity.AwsCallException;
import com.billingengine.identity.PayerSession;
import com.billingengine.identity.Throttling;

import software.amazon.awssdk.core.exception.SdkException;

import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.ListAccountsResponse;

/**
 * ListAccounts, 20 per page (the API's maximum), through every NextToken, empty pages included; a throttled page is
 * sent again under the payer's adaptive throttling when the SDK's retries run out.
 */
class LinkedAccountReader extends PagingReader<LinkedAccount> {

    static final int PAGE_SIZE = 20;

    private final String payerAccountId;
    private final PayerSession.Organizations organizations;
    private final Throttling.Payer throttling;

    LinkedAccountReader(String payerAccountId, PayerSession session) {
        this.payerAccountId = payerAccountId;
        this.organizations = session.organizations();
        this.throttling = session.throttling();
    }

    @Override
    protected int queryCount() {
        return 1;
    }

    @Override
    protected Page<LinkedAccount> fetch(int index, String token) {
        ListAccountsResponse response;
        try {
            response = throttling.call(() -> organizations.listAccounts(r -> r.maxResults(PAGE_SIZE).nextToken(token)));
        } catch (SdkException e) {
            throw new AwsCallException(payerAccountId, "Organizations ListAccounts", e);
        }
        List<LinkedAccount> accounts = response.accounts().stream().map(this::toLinkedAccount).toList();
        return new Page<>(accounts, response.nextToken());
    }

    private LinkedAccount toLinkedAccount(Account a) {
        // State replaces Status (retired by AWS in 2026); fall back for emulators that only send Status
        String state = a.stateAsString() != null ? a.stateAsString() : a.statusAsString();
        return new LinkedAccount(payerAccountId, a.id(), a.name() == null ? "" : a.name(), a.email(), state,
                a.joinedTimestamp());
    }
}

package com.billingengine.identity;

import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS clients acting in one payer account, sharing one STS web identity session that refreshes itself.
 * {@code costExplorerRequests} counts every HTTP request Cost Explorer answered (retries of errors included; a
 * throttled answer counts in {@code throttling}'s throttles instead): each costs USD 0.01. Calls go through
 * {@code throttling}, the payer's adaptive limit on requests in flight.
 */
public record PayerSession(String payerAccountId, String roleArn, StsClient roleSts, StsClient sts, OrganizationsClient organizations,
        CostExplorerClient costExplorer, AtomicLong costExplorerRequests, Throttling.Payer throttling) {

    /** Cost Explorer's throttled answers to this session's calls. */
    public AtomicLong costExplorerThrottles() {
        return throttling.throttles();
    }

    void close() {
        organizations.close();
        costExplorer.close();
        sts.close();
        roleSts.close();
    }
}

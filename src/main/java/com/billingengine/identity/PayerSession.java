package com.billingengine.identity;

import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS clients acting in one payer account, sharing one STS web identity session that refreshes itself.
 * {@code costExplorerRequests} counts every HTTP request sent to Cost Explorer (retries included): each costs USD 0.01.
 */
public record PayerSession(String payerAccountId, String roleArn, StsClient roleSts, StsClient sts, OrganizationsClient organizations,
        CostExplorerClient costExplorer, AtomicLong costExplorerRequests) {

    void close() {
        organizations.close();
        costExplorer.close();
        sts.close();
        roleSts.close();
    }
}

package com.billingengine.identity;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.DescribeAccountRequest;
import software.amazon.awssdk.services.organizations.model.DescribeAccountResponse;
import software.amazon.awssdk.services.organizations.model.ListAccountsRequest;
import software.amazon.awssdk.services.organizations.model.ListAccountsResponse;
import software.amazon.awssdk.services.organizations.paginators.ListAccountsIterable;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Acting in one payer account: its STS web identity session (credentials that refresh themselves) and the calls the
 * engine makes there. The SDK clients behind the calls are the process's, shared by every payer (a client is a
 * configuration, a connection pool and a timer thread: thousands of payers must not make thousands of them); each
 * call carries the payer's credentials and request counter. {@code costExplorerRequests} counts every HTTP request
 * Cost Explorer answered (retries of errors included; a throttled answer counts in {@code throttling}'s throttles
 * instead): each costs USD 0.01. Calls go through {@code throttling}, the payer's adaptive limit on requests in flight.
 */
public record PayerSession(String payerAccountId, String roleArn, AwsCredentialsProvider credentials, Sts sts,
        Organizations organizations, CostExplorer costExplorer, AtomicLong costExplorerRequests,
        Throttling.Payer throttling) {

    /** The counter a Cost Explorer call adds its answered request to (read by the shared client's interceptor). */
    static final ExecutionAttribute<AtomicLong> REQUESTS = new ExecutionAttribute<>("billingengine.payerRequests");

    /** A payer's session on the shared clients: every call carries {@code credentials} and the payer's counter. */
    static PayerSession on(String payerAccountId, String roleArn, AwsCredentialsProvider credentials,
            StsClient sts, OrganizationsClient organizations, CostExplorerClient costExplorer,
            Throttling.Payer throttling) {
        AtomicLong requests = new AtomicLong();
        AwsRequestOverrideConfiguration asPayer = AwsRequestOverrideConfiguration.builder()
                .credentialsProvider(credentials).putExecutionAttribute(REQUESTS, requests).build();
        return new PayerSession(payerAccountId, roleArn, credentials, new Sts(sts, asPayer),
                new Organizations(organizations, asPayer), new CostExplorer(costExplorer, asPayer), requests, throttling);
    }

    /** Signs in and assumes the payer's role now (AssumeRoleWithWebIdentity), as the session's first call would. */
    public void assumeRole() {
        credentials.resolveIdentity().join();
    }

    /** Cost Explorer's throttled answers to this session's calls. */
    public AtomicLong costExplorerThrottles() {
        return throttling.throttles();
    }

    /** Cost Explorer as the payer. */
    public record CostExplorer(CostExplorerClient client, AwsRequestOverrideConfiguration asPayer) {

        public GetCostAndUsageResponse getCostAndUsage(Consumer<GetCostAndUsageRequest.Builder> request) {
            return client.getCostAndUsage(r -> request.accept(r.overrideConfiguration(asPayer)));
        }
    }

    /** Organizations as the payer. */
    public record Organizations(OrganizationsClient client, AwsRequestOverrideConfiguration asPayer) {

        public ListAccountsResponse listAccounts(Consumer<ListAccountsRequest.Builder> request) {
            return client.listAccounts(r -> request.accept(r.overrideConfiguration(asPayer)));
        }

        /** Every page, each request (the paginator's follow-ups too) as the payer. */
        public ListAccountsIterable listAccountsPaginator() {
            return client.listAccountsPaginator(r -> r.overrideConfiguration(asPayer));
        }

        public DescribeAccountResponse describeAccount(Consumer<DescribeAccountRequest.Builder> request) {
            return client.describeAccount(r -> request.accept(r.overrideConfiguration(asPayer)));
        }
    }

    /** STS as the payer's role session. */
    public record Sts(StsClient client, AwsRequestOverrideConfiguration asPayer) {

        public GetCallerIdentityResponse getCallerIdentity() {
            return client.getCallerIdentity(r -> r.overrideConfiguration(asPayer));
        }
    }
}

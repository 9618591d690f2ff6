package com.billingengine.sandbox;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** The real SDK v2 clients pointed at a sandbox, retries off so every fault is seen; closes what it built. */
final class SdkClients implements AutoCloseable {

    private static final ClientOverrideConfiguration NO_RETRIES = ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.doNotRetry()).build();

    private final AwsSandbox sandbox;
    private final List<AutoCloseable> built = new ArrayList<>();

    SdkClients(AwsSandbox sandbox) {
        this.sandbox = sandbox;
    }

    StsClient anonymousSts() {
        return track(StsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(NO_RETRIES)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build());
    }

    StsClient sts(AwsSessionCredentials credentials) {
        return track(StsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(NO_RETRIES)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).build());
    }

    OrganizationsClient organizations(AwsSessionCredentials credentials) {
        return track(OrganizationsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(NO_RETRIES)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).build());
    }

    CostExplorerClient costExplorer(AwsSessionCredentials credentials) {
        return track(CostExplorerClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(NO_RETRIES)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).build());
    }

    /** Session credentials for the account's billing role, from the sandbox's own valid token. */
    AwsSessionCredentials assume(String accountId) {
        Credentials credentials = anonymousSts().assumeRoleWithWebIdentity(r -> r
                .roleArn("arn:aws:iam::" + accountId + ":role/SWOOpenIDCAssumeBillingOnlyRole")
                .roleSessionName("billing-engine")
                .webIdentityToken(sandbox.webIdentityToken())).credentials();
        return AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken());
    }

    private <T extends AutoCloseable> T track(T client) {
        built.add(client);
        return client;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable client : built) {
            client.close();
        }
    }
}

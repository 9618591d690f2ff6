package com.billingengine.identity;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import com.billingengine.BillingProperties;
import com.billingengine.period.BillingPeriod;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleWithWebIdentityCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;

/**
 * Makes the per-payer AWS clients: one STS web identity session per payer per process (so one
 * AssumeRoleWithWebIdentity per payer per run), whose credentials refresh themselves with a fresh token.
 */
public class PayerClients implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PayerClients.class);

    private final BillingProperties properties;
    private final WebIdentityTokenSource tokens;
    private final boolean assumeRole;
    private final SdkHttpClient http;
    private final Map<String, PayerSession> sessions = new ConcurrentHashMap<>();

    public PayerClients(BillingProperties properties, WebIdentityTokenSource tokens) {
        this.properties = properties;
        this.tokens = tokens;
        this.assumeRole = tokens != null;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(properties.aws().apiCallTimeoutSeconds()))
                .build();
    }

    /** The session for a payer's billing role, opened on first use. */
    public PayerSession session(String payerAccountId, String roleArn, BillingPeriod period) {
        return sessions.computeIfAbsent(payerAccountId, id -> open(id, roleArn, period));
    }

    private PayerSession open(String payerAccountId, String roleArn, BillingPeriod period) {
        StsClient sts = configure(StsClient.builder(), AnonymousCredentialsProvider.create(), null).build();
        AwsCredentialsProvider credentials;
        if (assumeRole) {
            String sessionName = RoleSessionNames.of(period, payerAccountId);
            credentials = StsAssumeRoleWithWebIdentityCredentialsProvider.builder()
                    .stsClient(sts)
                    .asyncCredentialUpdateEnabled(false)
                    // the supplier runs on every refresh, so each refresh carries a fresh token
                    .refreshRequest(() -> AssumeRoleWithWebIdentityRequest.builder()
                            .roleArn(roleArn)
                            .roleSessionName(sessionName)
                            .durationSeconds(properties.aws().sessionDurationSeconds())
                            .webIdentityToken(tokens.token())
                            .build())
                    .build();
            log.info("payer {}: assuming {} as session {} ({})", payerAccountId, roleArn, sessionName, tokens.describe());
        } else {
            credentials = DefaultCredentialsProvider.builder().build();
        }
        AtomicLong ceRequests = new AtomicLong();
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                ceRequests.incrementAndGet();
            }
        };
        StsClient callerSts = configure(StsClient.builder(), credentials, null).build();
        return new PayerSession(payerAccountId, roleArn, sts, callerSts,
                configure(OrganizationsClient.builder(), credentials, null).build(),
                configure(CostExplorerClient.builder(), credentials, counter).build(), ceRequests);
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, AwsCredentialsProvider credentials,
            ExecutionInterceptor interceptor) {
        builder.region(Region.of(properties.aws().region())).credentialsProvider(credentials);
        if (properties.awsEndpoint() != null && !properties.awsEndpoint().isBlank()) {
            builder.endpointOverride(URI.create(properties.awsEndpoint()));
        }
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(properties.aws().maxAttempts())
                        // a long month of throttling must slow us down, not trip a client-side circuit breaker
                        .circuitBreakerEnabled(false)
                        .build())
                .apiCallTimeout(Duration.ofSeconds(properties.aws().apiCallTimeoutSeconds() * 5L));
        if (interceptor != null) {
            override.addExecutionInterceptor(interceptor);
        }
        builder.overrideConfiguration(override.build());
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http);
        }
        return builder;
    }

    @Override
    public void destroy() {
        sessions.values().forEach(PayerSession::close);
        http.close();
    }
}

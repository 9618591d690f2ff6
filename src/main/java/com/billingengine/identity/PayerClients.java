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
import software.amazon.awssdk.core.exception.SdkServiceException;
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
 * Opens the payers' sessions: one STS web identity session per payer per process (so one AssumeRoleWithWebIdentity
 * per payer per run), whose credentials refresh themselves with a fresh token, on one SDK client per service.
 */
public class PayerClients implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PayerClients.class);

    private final BillingProperties properties;
    private final java.util.function.Supplier<WebIdentityTokenSource> tokenSource;
    private WebIdentityTokenSource tokens;
    private final SdkHttpClient http;
    private final Map<String, PayerSession> sessions = new ConcurrentHashMap<>();
    private final Throttling throttling;
    private Shared shared;
    /**
     * The timer of every call's time-out. The SDK's own keeps a cancelled time-out queued until it would have fired
     * (5 minutes here): at thousands of calls a minute that is tens of thousands of tasks held; this one drops a
     * task when its call ends.
     */
    private final java.util.concurrent.ScheduledThreadPoolExecutor timeouts = timeouts();

    /** The token source is made on first use, so commands that never call AWS need no identity configuration. */
    public PayerClients(BillingProperties properties, java.util.function.Supplier<WebIdentityTokenSource> tokenSource) {
        this.properties = properties;
        this.tokenSource = tokenSource;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(properties.aws().apiCallTimeoutSeconds()))
                .build();
        int queriesPerPayer = Math.max(1, properties.costs().queriesPerPayer());
        this.throttling = new Throttling(Math.max(1, properties.job().concurrency()) * queriesPerPayer);
    }

    /**
     * The session for a payer's billing role in a billing period, opened on first use. Per period, because the role
     * session's name carries the period (CloudTrail shows which month a call billed) and a worker process bills
     * month after month.
     */
    public PayerSession session(String payerAccountId, String roleArn, BillingPeriod period) {
        return sessions.computeIfAbsent(payerAccountId + "/" + period, key -> open(payerAccountId, roleArn, period));
    }

    /**
     * A web identity token of this installation's sign-in (what AssumeRoleWithWebIdentity presents), for reading its
     * claims; empty with {@code --auth-mode default-chain}, which assumes no role. Never log it.
     */
    public java.util.Optional<String> webIdentityToken() {
        WebIdentityTokenSource tokens = tokens();
        return tokens == null ? java.util.Optional.empty() : java.util.Optional.of(tokens.token());
    }

    private synchronized WebIdentityTokenSource tokens() {
        if (tokens == null) {
            tokens = tokenSource.get();
        }
        return tokens;
    }

    private PayerSession open(String payerAccountId, String roleArn, BillingPeriod period) {
        WebIdentityTokenSource tokens = tokens();
        Shared shared = shared();
        AwsCredentialsProvider credentials;
        if (tokens != null) {
            String sessionName = RoleSessionNames.of(period, payerAccountId);
            credentials = new TrustAwareCredentialsProvider(StsAssumeRoleWithWebIdentityCredentialsProvider.builder()
                    .stsClient(shared.webIdentitySts())
                    .asyncCredentialUpdateEnabled(false)
                    // the supplier runs on every refresh, so each refresh carries a fresh token
                    .refreshRequest(() -> AssumeRoleWithWebIdentityRequest.builder()
                            .roleArn(roleArn)
                            .roleSessionName(sessionName)
                            .durationSeconds(properties.aws().sessionDurationSeconds())
                            .webIdentityToken(tokens.token())
                            .build())
                    .build(), roleArn, tokens);
            log.info("payer {}: assuming {} as session {} ({})", payerAccountId, roleArn, sessionName, tokens.describe());
        } else {
            credentials = shared.defaultChain();
        }
        return PayerSession.on(payerAccountId, roleArn, credentials, shared.sts(), shared.organizations(),
                shared.costExplorer(), throttling.payer(payerAccountId, Math.max(1, properties.costs().queriesPerPayer())));
    }

    /**
     * The process's AWS clients, one per service, made on first use: a payer's call brings its own credentials, so a
     * call without them is a bug, refused rather than made with whatever credentials the machine has.
     */
    private record Shared(StsClient webIdentitySts, StsClient sts, OrganizationsClient organizations,
            CostExplorerClient costExplorer, AwsCredentialsProvider defaultChain) implements AutoCloseable {

        @Override
        public void close() {
            costExplorer.close();
            organizations.close();
            sts.close();
            webIdentitySts.close();
        }
    }

    private static final AwsCredentialsProvider NO_PAYER = () -> {
        throw new IllegalStateException("an AWS call without a payer's credentials");
    };

    private synchronized Shared shared() {
        if (shared == null) {
            ExecutionInterceptor counter = new ExecutionInterceptor() {
                @Override
                public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                    // a throttled answer is counted by Throttling, as a throttle, not as a request served
                    boolean throttled = context.httpResponse().statusCode() == 400 && context.httpResponse()
                            .firstMatchingHeader("x-amzn-ErrorType").filter(t -> t.startsWith("LimitExceeded"))
                            .isPresent();
                    AtomicLong requests = attributes.getAttribute(PayerSession.REQUESTS);
                    if (!throttled && requests != null) {
                        requests.incrementAndGet();
                    }
                }
            };
            shared = new Shared(configure(StsClient.builder(), AnonymousCredentialsProvider.create(), null).build(),
                    configure(StsClient.builder(), NO_PAYER, null).build(),
                    configure(OrganizationsClient.builder(), NO_PAYER, null).build(),
                    configure(CostExplorerClient.builder(), NO_PAYER, counter).build(),
                    DefaultCredentialsProvider.builder().build());
        }
        return shared;
    }

    /** Time-outs queued: those of calls still running (a finished call's is dropped). */
    int pendingTimeouts() {
        return timeouts.getQueue().size();
    }

    private static java.util.concurrent.ScheduledThreadPoolExecutor timeouts() {
        java.util.concurrent.atomic.AtomicInteger threads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ScheduledThreadPoolExecutor timer = new java.util.concurrent.ScheduledThreadPoolExecutor(2,
                task -> {
                    Thread thread = new Thread(task, "aws-call-timeouts-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
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
                        // throttling of Cost Explorer (LimitExceededException) is Throttling's, which adapts the
                        // requests in flight; the SDK retries it elsewhere (STS, Organizations) and 5xx everywhere
                        .retryOnException(interceptor == null ? PayerClients::isTransient : PayerClients::isServerError)
                        .treatAsThrottling(Throttling::isThrottling)
                        // a long month of throttling must slow us down, not trip a client-side circuit breaker
                        .circuitBreakerEnabled(false)
                        .build())
                .apiCallTimeout(Duration.ofSeconds(properties.aws().apiCallTimeoutSeconds() * 5L))
                .scheduledExecutorService(timeouts);
        if (interceptor != null) {
            override.addExecutionInterceptor(interceptor);
        }
        builder.overrideConfiguration(override.build());
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http);
        }
        return builder;
    }

    private static boolean isTransient(Throwable e) {
        return Throttling.isThrottling(e) || isServerError(e);
    }

    private static boolean isServerError(Throwable e) {
        return e instanceof SdkServiceException s && s.statusCode() >= 500;
    }

    @Override
    public synchronized void destroy() {
        // the sessions' credentials hold no thread (no async refresh) and no client of their own
        if (shared != null) {
            shared.close();
        }
        http.close();
        timeouts.shutdownNow();
    }
}

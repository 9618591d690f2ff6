package com.billingengine.costs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.billingengine.identity.PayerSession;
import com.billingengine.identity.Throttling;
import com.billingengine.period.BillingRun;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxPayer;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * A payer's real SDK Cost Explorer client on the sandbox (signed in with the payer's billing role through STS, retries
 * off), counting its answered requests as the engine's payer session does; and the cost extraction of one payer's month into
 * cost_line through the real {@link CostLineReader} and {@link CostLineWriter}, for tests that need staged costs.
 */
public final class SandboxCostExplorer implements AutoCloseable {

    /** The payer registered for Tanaka Shoji K.K. (C-1003, JPY) in the sandbox's default scenario. */
    public static final String TANAKA = "285806102971";

    final CostExplorerClient client;
    final AtomicLong requests = new AtomicLong();
    private final StsClient sts;

    SandboxCostExplorer(AwsSandbox sandbox, String payerAccountId) {
        SandboxPayer payer = sandbox.payers().stream().filter(p -> p.accountId().equals(payerAccountId)).findFirst()
                .orElseThrow();
        ClientOverrideConfiguration noRetries = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry()).build();
        sts = StsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(noRetries)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
        Credentials credentials = sts.assumeRoleWithWebIdentity(r -> r.roleArn(payer.roleArn())
                .roleSessionName("billing-engine-test").webIdentityToken(sandbox.webIdentityToken())).credentials();
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                requests.incrementAndGet();
            }
        };
        client = CostExplorerClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(noRetries.toBuilder().addExecutionInterceptor(counter).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())))
                .build();
    }

    CostLineReader reader(String payerAccountId, BillingRun run) {
        return reader(payerAccountId, run, 4);
    }

    CostLineReader reader(String payerAccountId, BillingRun run, int queriesPerPayer) {
        // this client carries the payer's credentials and counts its requests itself
        var asIs = software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration.builder().build();
        PayerSession session = new PayerSession(payerAccountId, null, null, new PayerSession.Sts(sts, asIs), null,
                new PayerSession.CostExplorer(client, asIs), requests,
                new Throttling(queriesPerPayer).payer(payerAccountId, queriesPerPayer));
        return new CostLineReader(payerAccountId, run.period(), session, 31, queriesPerPayer, (unblended, net) -> {
        });
    }

    /** Stages the payer's month as costExtraction does (chunks of 500); returns the lines written. */
    public static int stage(AwsSandbox sandbox, String payerAccountId, BillingRun run, JdbcTemplate jdbc)
            throws Exception {
        try (SandboxCostExplorer costExplorer = new SandboxCostExplorer(sandbox, payerAccountId)) {
            CostLineReader reader = costExplorer.reader(payerAccountId, run);
            CostLineWriter writer = new CostLineWriter(jdbc, run);
            reader.open(new ExecutionContext());
            int written = 0;
            List<CostLine> chunk = new ArrayList<>();
            for (CostLine line = reader.read(); line != null; line = reader.read()) {
                chunk.add(line);
                if (chunk.size() == 500) {
                    writer.write(new Chunk<>(chunk));
                    written += chunk.size();
                    chunk.clear();
                }
            }
            writer.write(new Chunk<>(chunk));
            reader.close();
            return written + chunk.size();
        }
    }

    @Override
    public void close() {
        client.close();
        sts.close();
    }
}

package com.billingengine.identity;

import java.net.URI;
import java.time.Duration;

import com.billingengine.BillingProperties;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Clients that act in the engine's own AWS account, never a customer's: the SDK's default credentials chain
 * (environment, profile, instance or task role). Delivery to an S3 bucket of the reseller uses these.
 */
public final class EngineAccountClients {

    private EngineAccountClients() {
    }

    /**
     * An S3 client in {@code billing.aws.region}; with {@code endpoint} (e.g. moto) path-style addressing, since an
     * emulator on 127.0.0.1 has no per-bucket host names.
     */
    public static S3Client s3(BillingProperties properties, String endpoint) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(properties.aws().region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(properties.aws().apiCallTimeoutSeconds())))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(b -> b.maxAttempts(properties.aws().maxAttempts())).build());
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        }
        return builder.build();
    }
}

package com.billingengine.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Every AWS client of the engine is built on the SDK's url-connection client, so its Apache and Netty clients are
 * excluded from the jar (pom.xml). A client the SDK builds by itself (the default credentials chain's web identity
 * provider builds an STS client) still finds an HTTP client: url-connection's, through the SDK's service loader.
 */
class HttpClientsTest {

    @Test
    void onlyTheUrlConnectionClientShips() throws Exception {
        assertThat(Class.forName("software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient")).isNotNull();
        assertThatThrownBy(() -> Class.forName("software.amazon.awssdk.http.apache.ApacheHttpClient"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient"))
                .isInstanceOf(ClassNotFoundException.class);
        try (StsClient sts = StsClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            assertThat(sts).isNotNull();
        }
    }
}

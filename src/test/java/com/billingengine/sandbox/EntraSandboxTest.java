package com.billingengine.sandbox;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleWithWebIdentityCredentialsProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class EntraSandboxTest {

    private final AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults());
    private final SdkClients clients = new SdkClients(sandbox);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        clients.close();
        sandbox.close();
    }

    @Test
    void clientCredentialsTokenAssumesTheRoleThroughTheSdkProvider() throws Exception {
        HttpResponse<String> response = token(sandbox.clientSecret());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asInt()).isEqualTo(3599);
        String accessToken = body.path("access_token").asString();

        SandboxPayer payer = sandbox.payers().get(1);
        try (StsAssumeRoleWithWebIdentityCredentialsProvider provider = StsAssumeRoleWithWebIdentityCredentialsProvider
                .builder().stsClient(clients.anonymousSts())
                .refreshRequest(r -> r.roleArn(payer.roleArn()).roleSessionName("engine").webIdentityToken(accessToken))
                .build()) {
            AwsCredentials credentials = provider.resolveCredentials();
            assertThat(credentials.accessKeyId()).startsWith("ASIA");
        }
        assertThat(sandbox.requestCount("AssumeRoleWithWebIdentity", payer.accountId())).isEqualTo(1);
    }

    @Test
    void wrongSecretIsInvalidClient() throws Exception {
        HttpResponse<String> response = token("not-the-secret");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"error\":\"invalid_client\"");
    }

    @Test
    void servesKeysAndOpenIdConfiguration() throws Exception {
        String base = sandbox.endpoint() + "/" + sandbox.trust().tenantId();
        HttpResponse<String> keys = http.send(HttpRequest.newBuilder(URI.create(base + "/discovery/v2.0/keys")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(keys.statusCode()).isEqualTo(200);
        JsonNode key = JsonMapper.builder().build().readTree(keys.body()).path("keys").get(0);
        assertThat(key.path("kty").asString()).isEqualTo("RSA");
        assertThat(key.path("n").asString()).isNotBlank();

        HttpResponse<String> config = http.send(HttpRequest.newBuilder(
                URI.create(base + "/v2.0/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode document = JsonMapper.builder().build().readTree(config.body());
        assertThat(document.path("issuer").asString()).isEqualTo(sandbox.trust().issuer());
        assertThat(document.path("token_endpoint").asString()).isEqualTo(base + "/oauth2/v2.0/token");
    }

    private HttpResponse<String> token(String secret) throws Exception {
        Map<String, String> form = Map.of("grant_type", "client_credentials", "client_id", sandbox.trust().clientId(),
                "client_secret", secret, "scope", sandbox.trust().audience() + "/.default");
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = URI.create(sandbox.endpoint() + "/" + sandbox.trust().tenantId() + "/oauth2/v2.0/token");
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

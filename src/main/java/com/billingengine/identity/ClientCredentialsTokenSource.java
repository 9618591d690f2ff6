package com.billingengine.identity;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OAuth 2.0 client-credentials grant against an Entra-ID-shaped token endpoint over plain HTTP: used with the
 * sandbox, whose identity provider is local. Tokens are cached until five minutes before they expire.
 */
final class ClientCredentialsTokenSource implements WebIdentityTokenSource {

    private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private final URI tokenEndpoint;
    private final String clientId;
    private final ClientSecret secret;
    private final String scope;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private String token;
    private Instant expiresAt = Instant.MIN;

    ClientCredentialsTokenSource(URI tokenEndpoint, String clientId, ClientSecret secret, String scope, Clock clock) {
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.secret = secret;
        this.scope = scope;
        this.clock = clock;
    }

    @Override
    public synchronized String token() {
        if (token == null || clock.instant().isAfter(expiresAt.minus(RENEW_BEFORE))) {
            acquire();
        }
        return token;
    }

    private void acquire() {
        String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret="
                + enc(secret.value()) + "&scope=" + enc(scope);
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = json.readTree(response.body());
            if (response.statusCode() != 200 || !body.hasNonNull("access_token")) {
                throw new IdentityException("the identity provider at " + tokenEndpoint + " refused client "
                        + clientId + ": " + body.path("error").asText("HTTP " + response.statusCode()) + " "
                        + body.path("error_description").asText(""));
            }
            token = body.get("access_token").asText();
            expiresAt = clock.instant().plusSeconds(body.path("expires_in").asLong(3600));
        } catch (IOException e) {
            throw new IdentityException("cannot reach the identity provider at " + tokenEndpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityException("interrupted while signing in at " + tokenEndpoint, e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String describe() {
        return "client " + clientId + " at " + tokenEndpoint;
    }
}

package com.billingengine.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a client signs in to a sandbox it did not start ({@code --auth-mode sandbox} against {@code sandbox serve}):
 * the Entra-like tenant, the application and its scope, and the client secret its token endpoint accepts. A sandbox
 * serves these at {@value #PATH} to anyone who asks: its secret guards nothing but simulated data, so it is not a
 * secret (real Entra ID never hands out secrets).
 */
public record SandboxClient(String tenantId, String clientId, String scope, String clientSecret) {

    static final String PATH = "/sandbox/client-settings";

    @Override
    public String toString() {
        return "SandboxClient[tenantId=" + tenantId + ", clientId=" + clientId + ", scope=" + scope + "]";
    }

    static SandboxClient of(SandboxTrust trust, String clientSecret) {
        return new SandboxClient(trust.tenantId(), trust.clientId(), trust.audience() + "/.default", clientSecret);
    }

    ObjectNode toJson(JsonMapper json) {
        return json.createObjectNode().put("tenantId", tenantId).put("clientId", clientId).put("scope", scope)
                .put("clientSecret", clientSecret);
    }

    /**
     * Asks the endpoint for its sign-in settings.
     *
     * @return null when the endpoint answers but is no sandbox (moto, AWS)
     * @throws IllegalStateException when the endpoint cannot be reached
     */
    public static SandboxClient fetch(URI endpoint) {
        URI uri = URI.create(endpoint.toString().replaceAll("/+$", "") + PATH);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            JsonNode body = JsonMapper.builder().build().readTree(response.body());
            if (!body.hasNonNull("tenantId") || !body.hasNonNull("clientSecret")) {
                return null;
            }
            return new SandboxClient(body.get("tenantId").asString(), body.path("clientId").asString(),
                    body.path("scope").asString(), body.get("clientSecret").asString());
        } catch (JacksonException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the AWS endpoint " + endpoint + " to sign in to its sandbox: "
                    + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + endpoint + " for its sandbox sign-in", e);
        }
    }
}

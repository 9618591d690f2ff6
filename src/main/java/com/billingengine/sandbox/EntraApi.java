package com.billingengine.sandbox;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Entra ID-like endpoints: client-credentials token, JWKS and OpenID configuration, all under
 * {@code /<tenantId>/}. Answers are {@code (status, JSON)} pairs; OAuth errors use Entra's error shape.
 */
final class EntraApi {

    private static final Set<String> RESERVED_SCOPES = Set.of("openid", "profile", "offline_access");

    record Answer(int status, ObjectNode body) {
    }

    private final SandboxTrust trust;
    private final TokenAuthority tokens;
    private final String clientSecret;
    private final ObjectMapper json;

    EntraApi(SandboxTrust trust, TokenAuthority tokens, String clientSecret, ObjectMapper json) {
        this.trust = trust;
        this.tokens = tokens;
        this.clientSecret = clientSecret;
        this.json = json;
    }

    boolean serves(String path) {
        return path.startsWith("/" + trust.tenantId() + "/");
    }

    /** Null when the path is not one of ours. */
    Answer get(String path, String endpoint) {
        String base = "/" + trust.tenantId();
        if (path.equals(base + "/discovery/v2.0/keys") || path.equals(base + "/discovery/keys")) {
            return new Answer(200, tokens.jwks());
        }
        if (path.equals(base + "/v2.0/.well-known/openid-configuration")
                || path.equals(base + "/.well-known/openid-configuration")) {
            ObjectNode config = json.createObjectNode()
                    .put("issuer", trust.issuer())
                    .put("token_endpoint", endpoint + base + "/oauth2/v2.0/token")
                    .put("jwks_uri", endpoint + base + "/discovery/v2.0/keys")
                    .put("authorization_endpoint", endpoint + base + "/oauth2/v2.0/authorize")
                    .put("tenant_region_scope", "EU");
            config.putArray("response_types_supported").add("code").add("id_token").add("token");
            config.putArray("subject_types_supported").add("pairwise");
            config.putArray("id_token_signing_alg_values_supported").add("RS256");
            config.putArray("token_endpoint_auth_methods_supported").add("client_secret_post");
            config.putArray("grant_types_supported").add("client_credentials");
            return new Answer(200, config);
        }
        return null;
    }

    Answer token(String path, Map<String, String> form) {
        if (!path.equals("/" + trust.tenantId() + "/oauth2/v2.0/token")) {
            return null;
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return error(400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type '"
                    + form.get("grant_type") + "'.");
        }
        if (!trust.clientId().equals(form.get("client_id"))) {
            return error(400, "unauthorized_client", "AADSTS700016: Application with identifier '"
                    + form.get("client_id") + "' was not found in the directory.");
        }
        if (!clientSecret.equals(form.get("client_secret"))) {
            return error(401, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret "
                    + "being sent in the request is the client secret value, not the client secret ID.");
        }
        String scope = form.getOrDefault("scope", "");
        // MSAL adds the reserved OIDC scopes to every request; Entra ID accepts them beside one /.default scope
        List<String> requested = Arrays.stream(scope.trim().split("\\s+"))
                .filter(s -> !RESERVED_SCOPES.contains(s)).toList();
        if (!requested.equals(List.of(trust.audience() + "/.default"))) {
            return error(400, "invalid_scope", "AADSTS1002012: The provided value for scope '" + scope
                    + "' is not valid. Client credential flows must have a scope value with /.default, here '"
                    + trust.audience() + "/.default'.");
        }
        ObjectNode body = json.createObjectNode()
                .put("token_type", "Bearer")
                .put("expires_in", 3599)
                .put("ext_expires_in", 3599)
                .put("access_token", tokens.issue(Map.of(), Duration.ofSeconds(3599)));
        return new Answer(200, body);
    }

    private Answer error(int status, String code, String description) {
        ObjectNode body = json.createObjectNode()
                .put("error", code)
                .put("error_description", description)
                .put("trace_id", "00000000-0000-0000-0000-000000000000")
                .put("correlation_id", "00000000-0000-0000-0000-000000000000");
        body.putArray("error_codes").add(Integer.parseInt(description.substring("AADSTS".length(),
                description.indexOf(':'))));
        return new Answer(status, body);
    }
}

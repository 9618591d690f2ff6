package com.billingengine.identity;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.StsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a refused AssumeRoleWithWebIdentity into a message a person can act on: which role, which of our token's
 * claims (never the token itself) and what the customer or operator should check.
 */
final class TrustAwareCredentialsProvider implements AwsCredentialsProvider {

    private static final Map<String, String> ADVICE = Map.of(
            "AccessDenied", "the role's trust policy rejects our token's claims, or the role does not exist: check that"
                    + " the customer deployed the stack and redeploy it with SelectedEnvironment=Prod",
            "InvalidIdentityToken", "the customer's OIDC provider does not accept our token's issuer: check the"
                    + " provider URL of the stack (SelectedEnvironment=Prod)",
            "ExpiredTokenException", "our token had expired: check this machine's clock",
            "IDPRejectedClaim", "a claim of our token was rejected: redeploy the stack with SelectedEnvironment=Prod",
            "IDPCommunicationError", "STS could not reach the identity provider: retry later");

    private final AwsCredentialsProvider delegate;
    private final String roleArn;
    private final WebIdentityTokenSource tokens;

    TrustAwareCredentialsProvider(AwsCredentialsProvider delegate, String roleArn, WebIdentityTokenSource tokens) {
        this.delegate = delegate;
        this.roleArn = roleArn;
        this.tokens = tokens;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        try {
            return delegate.resolveCredentials();
        } catch (StsException e) {
            String code = e.awsErrorDetails() == null ? "error" : e.awsErrorDetails().errorCode();
            String advice = ADVICE.getOrDefault(code, "check the customer's OpenID stack with `payers validate`");
            throw SdkClientException.builder()
                    .message("STS AssumeRoleWithWebIdentity into " + roleArn + " refused with " + code + " ("
                            + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage())
                            + "): " + advice + "; our token has " + claims())
                    .cause(e)
                    .build();
        }
    }

    /** The token's identifying claims, for the message; a token that is not a JWT has none to show. */
    private String claims() {
        try {
            String[] parts = tokens.token().split("\\.");
            JsonNode payload = JsonMapper.builder().build()
                    .readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return "aud=" + payload.path("aud") + ", sub=" + payload.path("sub").asText("?") + ", iss="
                    + payload.path("iss").asText("?");
        } catch (RuntimeException e) {
            return "no readable claims";
        }
    }
}

package com.billingengine.sandbox;

/**
 * What the healthy roles' trust policies expect, and the Entra-like identity that satisfies them.
 *
 * @param issuer   the OIDC provider URL, equal to the tokens' {@code iss} ({@code https://sts.windows.net/<tenant>/})
 * @param audience the {@code aud} condition ({@code api://<clientId>})
 * @param subject  the {@code sub} condition (the service principal's object id)
 */
public record SandboxTrust(String tenantId, String clientId, String issuer, String audience, String subject) {
}

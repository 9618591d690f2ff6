package com.billingengine.onboarding;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Entra ID identifiers a customer's OpenID stack trusts, one row of the template's {@code EntraIdEnvironment}
 * mapping: the tenant (the token issuer {@code https://sts.windows.net/<tenant>/}), the application (the audience
 * {@code api://<application>}), and the object ids of the service principals whose tokens may assume the billing
 * role and the operations roles (the {@code sub} claim). {@code operationsPrincipalObjectId} may be null: that row
 * then keeps the template's placeholder.
 */
public record EntraIdValues(String tenantId, String applicationId, String billingPrincipalObjectId,
        String operationsPrincipalObjectId) {

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern ISSUER = Pattern.compile("https://sts\\.windows\\.net/([^/]+)/");

    public EntraIdValues {
        guid("tenant id", tenantId);
        guid("application id", applicationId);
        guid("billing principal object id", billingPrincipalObjectId);
        if (operationsPrincipalObjectId != null) {
            guid("operations principal object id", operationsPrincipalObjectId);
        }
    }

    /**
     * The values a token of this installation carries (Entra ID v1.0 claims iss, aud, sub): exactly what AWS checks
     * against the trust policy when the engine assumes the billing role.
     */
    public static EntraIdValues fromToken(String jwt, String operationsPrincipalObjectId) {
        String[] parts = jwt == null ? new String[0] : jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("the sign-in returned a token that is not a JWT");
        }
        Map<String, Object> claims = CloudFormationYaml.parse(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        String iss = String.valueOf(claims.get("iss"));
        var issuer = ISSUER.matcher(iss);
        if (!issuer.matches()) {
            throw new IllegalArgumentException("the token's issuer '" + iss + "' is not an Entra ID v1.0 issuer"
                    + " (https://sts.windows.net/<tenant-id>/): the stack's OIDC provider trusts that one only");
        }
        String aud = String.valueOf(claims.get("aud"));
        if (!aud.startsWith("api://")) {
            throw new IllegalArgumentException("the token's audience '" + aud + "' is not api://<application-id>:"
                    + " set billing.identity.scope to api://<application-id>/.default");
        }
        return new EntraIdValues(issuer.group(1), aud.substring("api://".length()), String.valueOf(claims.get("sub")),
                operationsPrincipalObjectId);
    }

    private static void guid(String what, String value) {
        if (value == null || !GUID.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' is not a GUID"
                    + " (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
        }
    }
}

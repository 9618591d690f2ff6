package com.billingengine.onboarding;

/**
 * What the billing role's trust policy admits for one environment: tokens issued by {@code providerUrl}
 * (the Entra ID v1.0 issuer) whose {@code aud} and {@code sub} claims equal these values.
 */
public record ExpectedTrust(String environment, String providerUrl, String audience, String subject) {

    private static final String HTTPS = "https://";

    public ExpectedTrust {
        issuerPath(providerUrl);
    }

    /** The provider URL without its scheme, e.g. {@code sts.windows.net/<tenant-id>/}: how IAM names the provider. */
    public String issuerPath() {
        return issuerPath(providerUrl);
    }

    /** The trust policy's condition key for the audience, e.g. {@code sts.windows.net/<tenant-id>/:aud}. */
    public String audienceKey() {
        return conditionKey(providerUrl, "aud");
    }

    /** The trust policy's condition key for the subject (the service principal's object id). */
    public String subjectKey() {
        return conditionKey(providerUrl, "sub");
    }

    /** The provider's ARN in an account (what {@code Ref SWOOpenIDCProvider} returns there). */
    public String providerArn(String accountId) {
        return providerArn(providerUrl, accountId);
    }

    static String issuerPath(String providerUrl) {
        if (providerUrl == null || !providerUrl.startsWith(HTTPS)) {
            throw new IllegalArgumentException("OIDC provider URL must start with https://: " + providerUrl);
        }
        return providerUrl.substring(HTTPS.length());
    }

    static String conditionKey(String providerUrl, String claim) {
        return issuerPath(providerUrl) + ":" + claim;
    }

    static String providerArn(String providerUrl, String accountId) {
        return "arn:aws:iam::" + accountId + ":oidc-provider/" + issuerPath(providerUrl);
    }
}

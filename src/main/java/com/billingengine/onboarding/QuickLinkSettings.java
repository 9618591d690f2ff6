package com.billingengine.onboarding;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the customer's stack is created from: the console region, the template's S3 URL (same region),
 * the stack name and the Billing Engine environment. Blank region, stack name or environment take the
 * defaults; every refusal names the field and the value.
 */
public record QuickLinkSettings(String region, String templateUrl, String stackName, String environment) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_STACK_NAME = "SWO-OpenID-Billing";
    public static final String DEFAULT_ENVIRONMENT = "Prod";

    // Commercial-partition regions only: the link's console host is <region>.console.aws.amazon.com.
    private static final Pattern REGION = Pattern.compile("[a-z]{2}-[a-z]+-\\d{1,2}");
    private static final Pattern STACK_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,127}");
    // bucket.s3.region.amazonaws.com, bucket.s3-region…, bucket.s3.amazonaws.com (us-east-1), s3.region… (path style)
    private static final Pattern S3_HOST = Pattern.compile(
            "(?:(?<bucket>[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\\.)?s3(?:\\.dualstack)?(?:[.-](?<region>[a-z]{2}-[a-z]+-\\d{1,2}))?\\.amazonaws\\.com");

    public QuickLinkSettings {
        region = orDefault(region, DEFAULT_REGION);
        stackName = orDefault(stackName, DEFAULT_STACK_NAME);
        environment = orDefault(environment, DEFAULT_ENVIRONMENT);
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region name such as us-east-1");
        }
        if (!STACK_NAME.matcher(stackName).matches()) {
            throw new IllegalArgumentException("stackName '" + stackName + "' is not a CloudFormation stack name:"
                    + " a letter, then letters, digits and hyphens, at most 128 characters");
        }
        checkTemplateUrl(templateUrl, region);
    }

    /** The defaults (us-east-1, SWO-OpenID-Billing, Prod) with the given template URL. */
    public static QuickLinkSettings of(String templateUrl) {
        return new QuickLinkSettings(null, templateUrl, null, null);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static void checkTemplateUrl(String templateUrl, String region) {
        if (templateUrl == null || templateUrl.isBlank()) {
            throw new IllegalArgumentException("templateUrl is missing: the https S3 URL of the OpenID stack template");
        }
        URI uri;
        try {
            uri = new URI(templateUrl);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("templateUrl '" + templateUrl + "' is not a valid URL: " + e.getReason(), e);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("templateUrl '" + templateUrl + "' must be an https URL");
        }
        if (uri.getRawUserInfo() != null || uri.getPort() != -1 || uri.getRawFragment() != null || uri.getHost() == null) {
            throw new IllegalArgumentException("templateUrl '" + templateUrl + "' must be a plain https S3 object URL"
                    + " (no user, port or fragment)");
        }
        Matcher host = S3_HOST.matcher(uri.getHost().toLowerCase(Locale.ROOT));
        if (!host.matches()) {
            throw new IllegalArgumentException("templateUrl '" + templateUrl + "' is not an S3 URL (*.amazonaws.com)");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        // Virtual-hosted style needs a key; path style needs a bucket and a key.
        boolean hasObject = host.group("bucket") != null ? path.length() > 1 : path.matches("/[^/]+/.+");
        if (!hasObject) {
            throw new IllegalArgumentException("templateUrl '" + templateUrl + "' names no S3 object (bucket and key)");
        }
        // The legacy endpoints without a region are us-east-1's.
        String urlRegion = host.group("region") == null ? DEFAULT_REGION : host.group("region");
        if (!urlRegion.equals(region)) {
            throw new IllegalArgumentException("templateUrl '" + templateUrl + "' is in S3 region " + urlRegion
                    + ", not in the stack's region " + region + ": CloudFormation needs the template in the same region");
        }
    }
}

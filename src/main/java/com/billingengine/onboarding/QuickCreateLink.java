package com.billingengine.onboarding;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CloudFormation console's quick-create link for the customer's OpenID stack, with the parameters the
 * customer manual prescribes: the chosen environment, only the billing role, and Simple federation.
 */
public final class QuickCreateLink {

    public static final String BILLING_ROLE_ONLY = "Only Billing OpenID role";
    public static final String SIMPLE_FEDERATION = "Simple";

    private final OpenIdStackTemplate template;

    public QuickCreateLink(OpenIdStackTemplate template) {
        this.template = template;
    }

    /** The link; refuses an environment the template does not offer, naming the field. */
    public URI link(QuickLinkSettings settings) {
        if (!template.environments().contains(settings.environment())) {
            throw new IllegalArgumentException("environment '" + settings.environment()
                    + "' is not offered by the template: expected one of " + template.environments());
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("templateURL", settings.templateUrl());
        query.put("stackName", settings.stackName());
        query.put("param_" + OpenIdStackTemplate.SELECTED_ENVIRONMENT, settings.environment());
        query.put("param_" + OpenIdStackTemplate.ROLE_DEPLOYMENT_OPTION, BILLING_ROLE_ONLY);
        query.put("param_" + OpenIdStackTemplate.OPENID_FEDERATION_SERVICE, SIMPLE_FEDERATION);
        String region = encode(settings.region());
        return URI.create("https://" + region + ".console.aws.amazon.com/cloudformation/home?region=" + region
                + "#/stacks/create/review?" + query.entrySet().stream()
                        .map(e -> e.getKey() + "=" + encode(e.getValue()))
                        .collect(Collectors.joining("&")));
    }

    // URLEncoder writes form encoding; the console reads the fragment as a URL query, where + is not a space.
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

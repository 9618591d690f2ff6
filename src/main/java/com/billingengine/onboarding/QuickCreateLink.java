package com.billingengine.onboarding;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * The stack's other choices: {@code roles} a RoleDeploymentOption value, {@code federation} Simple or Managed,
     * and for Managed the organizational units whose member accounts get the same template through the StackSet.
     */
    public record Stack(String roles, String federation, List<String> organizationalUnits) {

        /** What the customer manual prescribes: only the billing role, Simple federation. */
        public static final Stack MANUAL = new Stack(BILLING_ROLE_ONLY, SIMPLE_FEDERATION, List.of());

        public Stack {
            organizationalUnits = List.copyOf(organizationalUnits);
        }
    }

    /** The link with the manual's choices (only the billing role, Simple federation). */
    public URI link(QuickLinkSettings settings) {
        return link(settings, Stack.MANUAL);
    }

    /** The link; refuses an environment the template does not offer, naming the field. */
    public URI link(QuickLinkSettings settings, Stack stack) {
        if (!template.environments().contains(settings.environment())) {
            throw new IllegalArgumentException("environment '" + settings.environment()
                    + "' is not offered by the template: expected one of " + template.environments());
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("templateURL", settings.templateUrl());
        query.put("stackName", settings.stackName());
        query.put("param_" + OpenIdStackTemplate.SELECTED_ENVIRONMENT, settings.environment());
        query.put("param_" + OpenIdStackTemplate.ROLE_DEPLOYMENT_OPTION, stack.roles());
        query.put("param_" + OpenIdStackTemplate.OPENID_FEDERATION_SERVICE, stack.federation());
        if (!stack.organizationalUnits().isEmpty()) {
            // Managed: the StackSet deploys this same template, unchanged, into the member accounts
            query.put("param_OrganizationalUnitIds", String.join(",", stack.organizationalUnits()));
            query.put("param_LinkedAccountsTemplateURL", settings.templateUrl());
        }
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

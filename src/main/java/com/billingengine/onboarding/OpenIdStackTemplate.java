package com.billingengine.onboarding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The customer's OpenID stack template (src/main/resources/cloudformation/billing-engine-openid.yaml) as data:
 * its version, parameters, and the trust it sets up per environment. {@code payers validate} and
 * {@code payers quicklink} read it from here so they cannot drift from what customers deploy.
 */
public final class OpenIdStackTemplate {

    public static final String CLASSPATH_LOCATION = "cloudformation/billing-engine-openid.yaml";
    public static final String SELECTED_ENVIRONMENT = "SelectedEnvironment";
    public static final String ROLE_DEPLOYMENT_OPTION = "RoleDeploymentOption";
    public static final String OPENID_FEDERATION_SERVICE = "OpenIDFederationService";
    public static final String PROVIDER = "SWOOpenIDCProvider";
    public static final String BILLING_ROLE = "SWOOpenIDCAssumeBillingOnlyRole";
    public static final String BILLING_POLICY = "SWOOpenIDCAssumeBillingOnlyPolicy";

    private static final String WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";
    // aud and sub do not depend on the account; any account renders the same conditions.
    private static final String ANY_ACCOUNT = "000000000000";
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, Object> document;

    private OpenIdStackTemplate(Map<String, Object> document) {
        this.document = document;
    }

    /** The template shipped in the jar. */
    public static OpenIdStackTemplate fromClasspath() {
        return parse(shippedText());
    }

    /** The shipped template's text, as reviewed (placeholders in the Entra ID mapping). */
    public static String shippedText() {
        try (InputStream in = OpenIdStackTemplate.class.getClassLoader().getResourceAsStream(CLASSPATH_LOCATION)) {
            if (in == null) {
                throw new IllegalStateException("template " + CLASSPATH_LOCATION + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CLASSPATH_LOCATION, e);
        }
    }

    /** A template given as text, e.g. the copy published to S3 with the real Entra ID identifiers. */
    public static OpenIdStackTemplate parse(String yaml) {
        return new OpenIdStackTemplate(CloudFormationYaml.parse(yaml));
    }

    /** {@code Metadata.TemplateVersion}, e.g. 2.11.0. */
    public String version() {
        return string(section("Metadata").get("TemplateVersion"), "Metadata.TemplateVersion");
    }

    public List<String> allowedValues(String parameter) {
        return strings(parameter(parameter).get("AllowedValues"), "Parameters." + parameter + ".AllowedValues");
    }

    public String defaultValue(String parameter) {
        return string(parameter(parameter).get("Default"), "Parameters." + parameter + ".Default");
    }

    /** The values of {@code SelectedEnvironment}: Prod, Test, … */
    public List<String> environments() {
        return allowedValues(SELECTED_ENVIRONMENT);
    }

    /** The permissions the billing policy grants, in template order. */
    public List<String> billingPolicyActions() {
        Map<String, Object> policy = map(properties(BILLING_POLICY).get("PolicyDocument"), BILLING_POLICY + ".PolicyDocument");
        List<String> actions = new ArrayList<>();
        for (Object statement : list(policy.get("Statement"), BILLING_POLICY + " statements")) {
            Object action = map(statement, BILLING_POLICY + " statement").get("Action");
            actions.addAll(action instanceof String single ? List.of(single) : strings(action, BILLING_POLICY + " actions"));
        }
        return List.copyOf(actions);
    }

    /** The OIDC provider's URL in an environment: {@code https://sts.windows.net/<tenant-id>/}. */
    public String providerUrl(String environment) {
        return string(resolve(properties(PROVIDER).get("Url"), references(environment, ANY_ACCOUNT)), PROVIDER + ".Url");
    }

    /** The OIDC provider's client ids (accepted audiences) in an environment. */
    public List<String> providerClientIds(String environment) {
        Map<String, String> refs = references(environment, ANY_ACCOUNT);
        return list(properties(PROVIDER).get("ClientIdList"), PROVIDER + ".ClientIdList").stream()
                .map(id -> string(resolve(id, refs), PROVIDER + ".ClientIdList"))
                .toList();
    }

    /**
     * A role's trust policy as deployed in an environment and account: the template's Fn::Sub JSON with the
     * mapping values, the account and the provider ARN filled in, parsed.
     */
    public Map<String, Object> trustPolicy(String roleLogicalId, String environment, String accountId) {
        Object rendered = resolve(properties(roleLogicalId).get("AssumeRolePolicyDocument"), references(environment, accountId));
        // JSON is YAML; this parser also refuses duplicate keys, as IAM does.
        return rendered instanceof String json ? CloudFormationYaml.parse(json) : map(rendered, roleLogicalId + ".AssumeRolePolicyDocument");
    }

    /** The aud and sub the billing role admits in an environment, read from its rendered trust policy. */
    public ExpectedTrust expectedTrust(String environment) {
        String providerUrl = providerUrl(environment);
        Map<String, Object> statement = webIdentityStatement(trustPolicy(BILLING_ROLE, environment, ANY_ACCOUNT));
        Map<String, Object> condition = map(statement.get("Condition"), BILLING_ROLE + " trust Condition");
        Map<String, Object> equals = map(condition.get("StringEquals"), BILLING_ROLE + " trust StringEquals");
        return new ExpectedTrust(environment, providerUrl,
                claim(equals, ExpectedTrust.conditionKey(providerUrl, "aud")),
                claim(equals, ExpectedTrust.conditionKey(providerUrl, "sub")));
    }

    private static String claim(Map<String, Object> stringEquals, String key) {
        return string(stringEquals.get(key), BILLING_ROLE + " trust condition " + key);
    }

    /** The statement allowing sts:AssumeRoleWithWebIdentity; a trust policy without one is broken. */
    static Map<String, Object> webIdentityStatement(Map<String, Object> policy) {
        for (Object element : list(policy.get("Statement"), "trust policy statements")) {
            Map<String, Object> statement = map(element, "trust policy statement");
            if ("Allow".equals(statement.get("Effect")) && WEB_IDENTITY.equals(statement.get("Action"))) {
                return statement;
            }
        }
        throw new IllegalStateException("trust policy has no statement allowing " + WEB_IDENTITY);
    }

    Map<String, Object> document() {
        return document;
    }

    Map<String, Object> section(String name) {
        return map(document.get(name), name);
    }

    Map<String, Object> resource(String logicalId) {
        return map(section("Resources").get(logicalId), "resource " + logicalId);
    }

    Map<String, Object> properties(String logicalId) {
        return map(resource(logicalId).get("Properties"), logicalId + ".Properties");
    }

    private Map<String, Object> parameter(String name) {
        return map(section("Parameters").get(name), "parameter " + name);
    }

    private Map<String, String> references(String environment, String accountId) {
        if (!environments().contains(environment)) {
            throw new IllegalArgumentException("unknown environment '" + environment + "': expected one of " + environments());
        }
        Map<String, String> refs = new HashMap<>();
        refs.put(SELECTED_ENVIRONMENT, environment);
        refs.put("AWS::AccountId", accountId);
        refs.put("AWS::Partition", "aws");
        String providerUrl = string(resolve(properties(PROVIDER).get("Url"), refs), PROVIDER + ".Url");
        String providerArn = ExpectedTrust.providerArn(providerUrl, accountId);
        refs.put(PROVIDER, providerArn);
        refs.put(PROVIDER + ".Arn", providerArn);
        return refs;
    }

    /** Evaluates the few intrinsic functions the trust needs: Ref, Fn::FindInMap and Fn::Sub. */
    private Object resolve(Object node, Map<String, String> refs) {
        if (!(node instanceof Map<?, ?> function) || function.size() != 1) {
            return node;
        }
        Object argument = function.values().iterator().next();
        return switch (String.valueOf(function.keySet().iterator().next())) {
            case "Ref" -> reference(refs, string(argument, "Ref"));
            case "Fn::FindInMap" -> findInMap(list(argument, "Fn::FindInMap"), refs);
            case "Fn::Sub" -> substitute(argument, refs);
            default -> throw new IllegalStateException("cannot evaluate " + function);
        };
    }

    private String findInMap(List<Object> arguments, Map<String, String> refs) {
        List<String> keys = arguments.stream().map(a -> string(resolve(a, refs), "Fn::FindInMap key")).toList();
        Map<String, Object> mapping = map(section("Mappings").get(keys.get(0)), "mapping " + keys.get(0));
        Map<String, Object> top = map(mapping.get(keys.get(1)), "mapping " + keys.get(0) + "." + keys.get(1));
        return string(top.get(keys.get(2)), "mapping " + String.join(".", keys));
    }

    private String substitute(Object argument, Map<String, String> refs) {
        String text;
        Map<String, String> variables = new HashMap<>(refs);
        if (argument instanceof String single) {
            text = single;
        } else {
            List<Object> form = list(argument, "Fn::Sub");
            text = string(form.get(0), "Fn::Sub text");
            map(form.get(1), "Fn::Sub variables").forEach((name, value) ->
                    variables.put(name, string(resolve(value, refs), "Fn::Sub variable " + name)));
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            // ${!Name} is the escape for a literal ${Name}
            String value = name.startsWith("!") ? "${" + name.substring(1) + "}" : reference(variables, name);
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String reference(Map<String, String> refs, String name) {
        String value = refs.get(name);
        if (value == null) {
            throw new IllegalStateException("cannot evaluate a reference to " + name);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalStateException("template: " + what + " is missing or not a mapping");
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String what) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new IllegalStateException("template: " + what + " is missing or not a list");
    }

    static List<String> strings(Object value, String what) {
        return list(value, what).stream().map(element -> string(element, what)).toList();
    }

    static String string(Object value, String what) {
        if (value instanceof String text) {
            return text;
        }
        throw new IllegalStateException("template: " + what + " is missing or not a string");
    }
}

package com.billingengine.onboarding;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The customer's OpenID stack template as this installation publishes it: the shipped template with one
 * environment's row of the {@code EntraIdEnvironment} mapping set to this installation's Entra ID values (the shipped
 * rows are all-zero placeholders). Text in, text out, so the rest of the file stays byte for byte what was reviewed;
 * the result is read back and its billing role must trust exactly these values.
 */
public final class CustomerTemplate {

    private static final String PLACEHOLDER_NOTE = "# The Entra ID identifiers in the EntraIdEnvironment mapping are placeholders";

    private CustomerTemplate() {
    }

    /** {@code template} with {@code environment}'s mapping row set to {@code values}. */
    public static String withIdentity(String template, String environment, EntraIdValues values) {
        OpenIdStackTemplate shipped = OpenIdStackTemplate.parse(template);
        if (!shipped.environments().contains(environment)) {
            throw new IllegalArgumentException("environment '" + environment + "' is not offered by the template:"
                    + " expected one of " + shipped.environments());
        }
        String text = template;
        text = set(text, environment, "TenantId", values.tenantId());
        text = set(text, environment, "ApplicationId", values.applicationId());
        text = set(text, environment, "BillingPrincipalObjectId", values.billingPrincipalObjectId());
        if (values.operationsPrincipalObjectId() != null) {
            text = set(text, environment, "OperationsPrincipalObjectId", values.operationsPrincipalObjectId());
        }
        int note = text.indexOf(PLACEHOLDER_NOTE);
        if (note >= 0) {
            // the shipped comment would be wrong in the published copy; no date, so the same values write the same bytes
            // as many lines as the shipped note, so the two files compare line by line
            text = text.substring(0, note) + "# Written by `billing-engine payers template` for environment "
                    + environment + ": its EntraIdEnvironment row holds\n# this installation's Entra ID identifiers"
                    + (values.operationsPrincipalObjectId() == null ? " (the operations principal is still a"
                            + " placeholder)" : "") + "; the other\n# rows keep the shipped placeholders.\n"
                    + text.substring(text.indexOf('\n', text.indexOf("in the chosen environment's row.", note)) + 1);
        }
        ExpectedTrust trust = OpenIdStackTemplate.parse(text).expectedTrust(environment);
        if (!trust.providerUrl().equals("https://sts.windows.net/" + values.tenantId() + "/")
                || !trust.audience().equals("api://" + values.applicationId())
                || !trust.subject().equals(values.billingPrincipalObjectId())) {
            throw new IllegalStateException("the written template's billing role does not trust " + values + ": "
                    + trust);
        }
        return text;
    }

    // "    Prod:\n      TenantId: …" — the key inside the environment's block of the mapping
    private static String set(String text, String environment, String key, String value) {
        Matcher block = Pattern.compile("(?m)^  EntraIdEnvironment:\\n(?:    .*\\n|      .*\\n)*?    "
                + Pattern.quote(environment) + ":\\n((?:      .*\\n)+)").matcher(text);
        if (!block.find()) {
            throw new IllegalStateException("the template has no EntraIdEnvironment row for " + environment);
        }
        String rows = block.group(1);
        Matcher line = Pattern.compile("(?m)^(      " + Pattern.quote(key) + ": ).*$").matcher(rows);
        if (!line.find()) {
            throw new IllegalStateException("the template's EntraIdEnvironment." + environment + " has no " + key);
        }
        String replaced = rows.substring(0, line.start()) + line.group(1) + value + rows.substring(line.end());
        return text.substring(0, block.start(1)) + replaced + text.substring(block.end(1));
    }
}

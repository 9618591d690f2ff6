package com.billingengine.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.billingengine.onboarding.OpenIdStackTemplate;
import com.billingengine.onboarding.QuickCreateLink;
import com.billingengine.onboarding.QuickLinkSettings;
import com.billingengine.payers.PayerImportException;
import com.billingengine.payers.PayerRegistry;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "quicklink", mixinStandardHelpOptions = true,
        description = {"Prints the CloudFormation quick-create link for the customer's OpenID stack with the "
                + "parameters the customer manual names: SelectedEnvironment (--environment, default Prod), "
                + "RoleDeploymentOption (--roles, default only the billing role) and OpenIDFederationService "
                + "(--federation, default Simple).",
                "The template URL comes from --template-url or BILLING_TEMPLATE_URL: upload the file `payers "
                        + "template --out FILE` writes there."})
final class QuickLinkCommand implements Callable<Integer> {

    /** Short names for the template's RoleDeploymentOption values. */
    private static final Map<String, String> ROLES = Map.of("billing", "Only Billing OpenID role",
            "billing-and-operations", "Billing and Operations roles", "all", "All roles");

    @Spec
    CommandSpec spec;

    @Option(names = "--payer", required = true, paramLabel = "ID", description = "The registered payer account id.")
    String payer;

    @Option(names = "--template-url", paramLabel = "URL", defaultValue = "${env:BILLING_TEMPLATE_URL}",
            description = "https URL of the published template in S3, in the stack's region.")
    String templateUrl;

    @Option(names = "--region", defaultValue = "us-east-1", description = "Region of the stack (default us-east-1).")
    String region;

    @Option(names = "--stack-name", description = "Stack name (default SWO-OpenID-Billing).")
    String stackName;

    @Option(names = "--environment", defaultValue = "Prod", paramLabel = "ENV",
            description = "SelectedEnvironment: Prod, Test, Dev or Sandbox (default Prod).")
    String environment;

    @Option(names = "--federation", defaultValue = "Simple", paramLabel = "Simple|Managed",
            description = "OpenIDFederationService: Simple deploys into the management account only (default); "
                    + "Managed also into the member accounts of --organizational-units through a StackSet.")
    String federation;

    @Option(names = "--roles", defaultValue = "billing", paramLabel = "ROLES",
            description = "RoleDeploymentOption: billing (Only Billing OpenID role, default), billing-and-operations "
                    + "(Billing and Operations roles) or all (All roles); the template's own values are accepted too.")
    String roles;

    @Option(names = "--organizational-units", split = ",", paramLabel = "OU",
            description = "With --federation Managed: the organizational unit ids (ou-…) or root id (r-…) of the "
                    + "member accounts; the StackSet deploys the same template URL there.")
    List<String> organizationalUnits = new ArrayList<>();

    @Override
    public Integer call() {
        OpenIdStackTemplate template = OpenIdStackTemplate.fromClasspath();
        String env = oneOf("--environment", environment, template.environments());
        String service = oneOf("--federation", federation,
                template.allowedValues(OpenIdStackTemplate.OPENID_FEDERATION_SERVICE));
        String option = ROLES.getOrDefault(roles.toLowerCase(Locale.ROOT), roles);
        List<String> roleValues = template.allowedValues(OpenIdStackTemplate.ROLE_DEPLOYMENT_OPTION);
        if (roleValues.stream().noneMatch(option::equalsIgnoreCase)) {
            throw new IllegalArgumentException("--roles '" + roles + "' is not one of: billing, billing-and-operations,"
                    + " all (or the template's " + String.join(", ", roleValues) + ")");
        }
        option = oneOf("--roles", option, roleValues);
        boolean managed = "Managed".equals(service);
        if (managed && organizationalUnits.isEmpty()) {
            throw new IllegalArgumentException("--federation Managed needs --organizational-units ou-…[,ou-…] (or the"
                    + " root id r-…): the StackSet's deployment targets");
        }
        if (!managed && !organizationalUnits.isEmpty()) {
            throw new IllegalArgumentException("--organizational-units is for --federation Managed only");
        }
        for (String ou : organizationalUnits) {
            if (!ou.matches("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32}")) {
                throw new IllegalArgumentException("--organizational-units '" + ou + "' is not an organizational unit"
                        + " id (ou-…) or a root id (r-…)");
            }
        }
        if (templateUrl == null || templateUrl.isBlank()) {
            throw new IllegalArgumentException("no template URL: pass --template-url https://<bucket>.s3."
                    + region + ".amazonaws.com/<key> or set BILLING_TEMPLATE_URL");
        }
        QuickLinkSettings settings = new QuickLinkSettings(region, templateUrl, stackName, env);
        try (Engine engine = Engine.start(BillingEngineCli.global(spec), Engine.Use.READS)) {
            if (engine.bean(PayerRegistry.class).find(payer).isEmpty()) {
                throw new PayerImportException("payer " + payer + " is not in the registry: add it first with "
                        + "`payers add` or `payers import`");
            }
        }
        spec.commandLine().getOut().println(new QuickCreateLink(template)
                .link(settings, new QuickCreateLink.Stack(option, service, organizationalUnits)));
        return BillingEngineCli.OK;
    }

    /** {@code value} as the template spells it (case-insensitive), or exit 2 naming the option and the values. */
    static String oneOf(String option, String value, List<String> allowed) {
        return allowed.stream().filter(a -> a.equalsIgnoreCase(value == null ? "" : value.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(option + " '" + value + "' is not one of: "
                        + String.join(", ", allowed)));
    }
}

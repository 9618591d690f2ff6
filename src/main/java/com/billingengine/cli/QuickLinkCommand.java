package com.billingengine.cli;

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
        description = {"Prints the CloudFormation quick-create link for the customer's OpenID stack "
                + "(SelectedEnvironment=Prod, RoleDeploymentOption=Only Billing OpenID role, OpenIDFederationService=Simple).",
                "The template URL comes from --template-url or BILLING_TEMPLATE_URL."})
final class QuickLinkCommand implements Callable<Integer> {


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

    @Override
    public Integer call() {
        if (templateUrl == null || templateUrl.isBlank()) {
            throw new IllegalArgumentException("no template URL: pass --template-url https://<bucket>.s3."
                    + region + ".amazonaws.com/<key> or set BILLING_TEMPLATE_URL");
        }
        QuickLinkSettings settings = new QuickLinkSettings(region, templateUrl, stackName, "Prod");
        try (Engine engine = Engine.start(BillingEngineCli.global(spec), Engine.Use.READS)) {
            if (engine.bean(PayerRegistry.class).find(payer).isEmpty()) {
                throw new PayerImportException("payer " + payer + " is not in the registry: add it first with "
                        + "`payers add` or `payers import`");
            }
        }
        spec.commandLine().getOut().println(new QuickCreateLink(OpenIdStackTemplate.fromClasspath()).link(settings));
        return BillingEngineCli.OK;
    }
}

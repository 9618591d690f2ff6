package com.billingengine.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

import com.billingengine.identity.IdentityException;
import com.billingengine.identity.PayerClients;
import com.billingengine.onboarding.CustomerTemplate;
import com.billingengine.onboarding.EntraIdValues;
import com.billingengine.onboarding.OpenIdStackTemplate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "template", mixinStandardHelpOptions = true,
        description = {"Writes the customer's OpenID stack template with this installation's Entra ID identifiers "
                + "in the chosen environment's row (the shipped template holds all-zero placeholders), ready to "
                + "upload to the S3 URL the quick-create link (`payers quicklink --template-url`) points to.",
                "The tenant, application and billing principal are read from a token of this installation's "
                        + "sign-in (its iss, aud and sub claims: what AWS checks against the trust policy), unless "
                        + "all three are given as options; --operations-principal fills the operations roles' row."})
final class TemplateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the template.")
    Path out;

    @Option(names = "--environment", defaultValue = "Prod", paramLabel = "ENV",
            description = "The SelectedEnvironment row to fill: Prod, Test, Dev or Sandbox (default Prod).")
    String environment;

    @Option(names = "--tenant-id", paramLabel = "GUID", description = "The Entra ID tenant (instead of the sign-in's).")
    String tenantId;

    @Option(names = "--application-id", paramLabel = "GUID",
            description = "The application whose api://GUID is the tokens' audience (instead of the sign-in's).")
    String applicationId;

    @Option(names = "--billing-principal", paramLabel = "OBJECT_ID",
            description = "Object id of the engine's service principal, the tokens' sub (instead of the sign-in's).")
    String billingPrincipal;

    @Option(names = "--operations-principal", paramLabel = "OBJECT_ID",
            description = "Object id of the operations team's service principal, for the operations roles "
                    + "(without it their row keeps the placeholder).")
    String operationsPrincipal;

    @Override
    public Integer call() {
        String shipped = OpenIdStackTemplate.shippedText();
        String env = QuickLinkCommand.oneOf("--environment", environment,
                OpenIdStackTemplate.parse(shipped).environments());
        EntraIdValues values;
        try {
            values = tenantId != null && applicationId != null && billingPrincipal != null
                    ? new EntraIdValues(tenantId, applicationId, billingPrincipal, operationsPrincipal)
                    : signedIn();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("payers template: " + e.getMessage(), e);
        }
        String written = CustomerTemplate.withIdentity(shipped, env, values);
        try {
            Path target = out.toAbsolutePath();
            Path aside = target.resolveSibling(target.getFileName() + ".partial");
            Files.writeString(aside, written, StandardCharsets.UTF_8);
            Files.move(aside, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + out + ": cannot write the template (" + e.getMessage()
                    + ")", e);
        }
        spec.commandLine().getOut().printf("wrote %s: environment %s, tenant %s, application api://%s, billing "
                + "principal %s%s%n  upload it to the S3 URL you give `payers quicklink --template-url`%n", out,
                env, values.tenantId(), values.applicationId(), values.billingPrincipalObjectId(),
                values.operationsPrincipalObjectId() == null ? " (operations principal: placeholder)"
                        : ", operations principal " + values.operationsPrincipalObjectId());
        return BillingEngineCli.OK;
    }

    /** The values of a token of this installation's sign-in; options given override the token's. */
    private EntraIdValues signedIn() {
        try (Engine engine = Engine.start(BillingEngineCli.global(spec), Engine.Use.READS)) {
            String token;
            try {
                token = engine.bean(PayerClients.class).webIdentityToken().orElseThrow(
                    () -> new IllegalArgumentException("--auth-mode default-chain presents no Entra ID token: give"
                            + " --tenant-id, --application-id and --billing-principal"));
            } catch (IdentityException e) {
                // nothing is written and a restart cannot help: the settings or the sign-in need fixing (exit 2)
                throw new IllegalArgumentException("cannot sign in to read this installation's Entra ID values ("
                        + e.getMessage() + "); or give --tenant-id, --application-id and --billing-principal", e);
            }
            EntraIdValues fromToken = EntraIdValues.fromToken(token, operationsPrincipal);
            return new EntraIdValues(tenantId != null ? tenantId : fromToken.tenantId(),
                    applicationId != null ? applicationId : fromToken.applicationId(),
                    billingPrincipal != null ? billingPrincipal : fromToken.billingPrincipalObjectId(),
                    operationsPrincipal);
        }
    }
}

package com.billingengine.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.billingengine.cli.Cli;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;
import com.billingengine.sandbox.SandboxTrust;

/**
 * Onboarding the customer manual's way: {@code payers template} writes the template to publish with this
 * installation's Entra ID identifiers (the shipped one has all-zero placeholders), cfn-lint clean, and
 * {@code payers quicklink} takes the stack's parameters the manual names.
 */
class PayersTemplateTest {

    private static final String TEMPLATE_URL = "https://acme-billing.s3.us-east-1.amazonaws.com/openid.yaml";
    private static final String PAYER = "256388812462"; // the sandbox's Contoso GmbH

    @Test
    void theTemplateTrustsThisInstallationsSignIn(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("openid.yaml");
        Cli.Result written = Cli.sandbox(dir.resolve("data"), "payers", "template", "--out", out.toString());
        assertThat(written.exitCode()).as(written.toString()).isZero();

        // the sandbox's tokens are what the billing role of the written template admits, in the Prod row
        SandboxTrust trust;
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults())) {
            trust = sandbox.trust();
        }
        ExpectedTrust prod = OpenIdStackTemplate.parse(Files.readString(out)).expectedTrust("Prod");
        assertThat(prod.providerUrl()).isEqualTo(trust.issuer());
        assertThat(prod.audience()).isEqualTo(trust.audience());
        assertThat(prod.subject()).isEqualTo(trust.subject());
        assertThat(OpenIdStackTemplate.fromClasspath().expectedTrust("Prod").subject())
                .startsWith("00000000-0000-0000-");
        assertThat(written.out()).contains("wrote " + out + ": environment Prod, tenant " + trust.tenantId());
        CloudFormationTemplateLintTest.assertLintClean(out, dir);
    }

    @Test
    void givenValuesFillTheChosenRowAndNothingElseChanges(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("test.yaml");
        String[] args = {"payers", "template", "--out", out.toString(), "--environment", "test",
            "--tenant-id", "11111111-2222-3333-4444-555555555555", "--application-id",
            "66666666-7777-8888-9999-000000000000", "--billing-principal", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            "--operations-principal", "12345678-1234-1234-1234-123456789abc"};
        Cli.Result written = Cli.run(args);
        assertThat(written.exitCode()).as(written.toString()).isZero();
        String text = Files.readString(out);
        ExpectedTrust test = OpenIdStackTemplate.parse(text).expectedTrust("Test");
        assertThat(test.providerUrl()).isEqualTo("https://sts.windows.net/11111111-2222-3333-4444-555555555555/");
        assertThat(test.audience()).isEqualTo("api://66666666-7777-8888-9999-000000000000");
        assertThat(test.subject()).isEqualTo("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        assertThat(OpenIdStackTemplate.parse(text).trustPolicy("SWOOpenIDCAssumeOperationsReadOnlyRole", "Test", "123456789012")
                .toString()).contains("12345678-1234-1234-1234-123456789abc");

        // only the header comment and the four values of the Test row differ from the shipped template
        List<String> shipped = OpenIdStackTemplate.shippedText().lines().toList();
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSameSizeAs(shipped);
        long changed = java.util.stream.IntStream.range(0, lines.size())
                .filter(i -> !lines.get(i).equals(shipped.get(i))).count();
        assertThat(changed).isEqualTo(4 + 3);
        assertThat(OpenIdStackTemplate.parse(text).expectedTrust("Prod"))
                .isEqualTo(OpenIdStackTemplate.fromClasspath().expectedTrust("Prod"));

        // the same values write the same bytes
        Files.delete(out);
        assertThat(Cli.run(args).exitCode()).isZero();
        assertThat(Files.readString(out)).isEqualTo(text);
        CloudFormationTemplateLintTest.assertLintClean(out, dir);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "template --environment Staging | --environment 'Staging' is not one of: Prod, Test, Dev, Sandbox",
        "template --tenant-id nope --application-id 66666666-7777-8888-9999-000000000000 --billing-principal"
                + " aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee | tenant id 'nope' is not a GUID",
        "quicklink --environment Staging | --environment 'Staging' is not one of: Prod, Test, Dev, Sandbox",
        "quicklink --federation Federated | --federation 'Federated' is not one of: Simple, Managed",
        "quicklink --roles everything | --roles 'everything' is not one of: billing, billing-and-operations, all"
                + " (or the template's Only Billing OpenID role, Billing and Operations roles, All roles)",
        "quicklink --federation Managed | --federation Managed needs --organizational-units",
        "quicklink --federation Managed --organizational-units ou-x | --organizational-units 'ou-x' is not an"
                + " organizational unit id",
        "quicklink --organizational-units ou-abcd-12345678 | --organizational-units is for --federation Managed only"})
    void badValuesAreExit2NamingTheOption(String args, String message, @TempDir Path dir) {
        List<String> command = new java.util.ArrayList<>(List.of("--data-dir", dir.resolve("data").toString(),
                "payers"));
        command.addAll(Arrays.asList(args.split(" ")));
        command.addAll(args.startsWith("template") ? List.of("--out", dir.resolve("t.yaml").toString())
                : List.of("--payer", PAYER, "--template-url", TEMPLATE_URL));
        Cli.Result result = Cli.run(command.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(message).doesNotContain("\tat ");
        assertThat(dir.resolve("t.yaml")).doesNotExist();
        assertThat(dir.resolve("data")).as("nothing written for bad input").doesNotExist();
    }

    @Test
    void withoutTheIdentitySettingsTheTemplateIsRefusedNamingThem(@TempDir Path dir) {
        Cli.Result result = Cli.run("--data-dir", dir.resolve("data").toString(), "payers", "template", "--out",
                dir.resolve("t.yaml").toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("billing.identity.tenant-id", "--tenant-id, --application-id and"
                + " --billing-principal").doesNotContain("\tat ");
        assertThat(dir.resolve("t.yaml")).doesNotExist();
    }

    @Test
    void theQuickLinkTakesTheManualsParameters(@TempDir Path dir) {
        assertThat(link(dir, "quicklink")).containsEntry("param_SelectedEnvironment", "Prod")
                .containsEntry("param_RoleDeploymentOption", "Only Billing OpenID role")
                .containsEntry("param_OpenIDFederationService", "Simple")
                .doesNotContainKey("param_OrganizationalUnitIds");
        assertThat(link(dir, "quicklink", "--environment", "Test", "--roles", "all"))
                .containsEntry("param_SelectedEnvironment", "Test")
                .containsEntry("param_RoleDeploymentOption", "All roles");
        assertThat(link(dir, "quicklink", "--roles", "Billing and Operations roles"))
                .containsEntry("param_RoleDeploymentOption", "Billing and Operations roles");
        assertThat(link(dir, "quicklink", "--federation", "Managed", "--organizational-units",
                "ou-ab12-34567890,r-ab12"))
                .containsEntry("param_OpenIDFederationService", "Managed")
                .containsEntry("param_OrganizationalUnitIds", "ou-ab12-34567890,r-ab12")
                .containsEntry("param_LinkedAccountsTemplateURL", TEMPLATE_URL);
    }

    private static Map<String, String> link(Path dir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("payers"));
        command.addAll(List.of(args));
        command.addAll(List.of("--payer", PAYER, "--template-url", TEMPLATE_URL));
        Cli.Result result = Cli.sandbox(dir.resolve("data"), command.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return QuickCreateLinkTest.fragmentQuery(URI.create(result.out().trim()));
    }
}

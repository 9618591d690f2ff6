package com.billingengine.onboarding;

import static com.billingengine.onboarding.OpenIdStackTemplate.BILLING_POLICY;
import static com.billingengine.onboarding.OpenIdStackTemplate.BILLING_ROLE;
import static com.billingengine.onboarding.OpenIdStackTemplate.OPENID_FEDERATION_SERVICE;
import static com.billingengine.onboarding.OpenIdStackTemplate.PROVIDER;
import static com.billingengine.onboarding.OpenIdStackTemplate.ROLE_DEPLOYMENT_OPTION;
import static com.billingengine.onboarding.OpenIdStackTemplate.SELECTED_ENVIRONMENT;
import static com.billingengine.onboarding.OpenIdStackTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CloudFormationTemplateTest {

    private static final OpenIdStackTemplate TEMPLATE = OpenIdStackTemplate.fromClasspath();
    private static final String ACCOUNT = "123456789012";
    private static final String OPERATIONS_ROLE = "SWOOpenIDCAssumeOperationsReadOnlyRole";
    private static final String SECURITY_AUDIT_ROLE = "SWOOpenIDCAssumeSecurityAuditRole";
    private static final String STACK_SET = "LinkedAccountsStackSet";
    private static final String GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    static List<String> environments() {
        return TEMPLATE.environments();
    }

    @Test
    void parametersOfferTheManualsChoicesAndDefaultToThem() {
        assertThat(TEMPLATE.allowedValues(SELECTED_ENVIRONMENT)).containsExactly("Prod", "Test", "Dev", "Sandbox");
        assertThat(TEMPLATE.defaultValue(SELECTED_ENVIRONMENT)).isEqualTo("Prod");
        assertThat(TEMPLATE.allowedValues(ROLE_DEPLOYMENT_OPTION))
                .containsExactly("Only Billing OpenID role", "Billing and Operations roles", "All roles");
        assertThat(TEMPLATE.defaultValue(ROLE_DEPLOYMENT_OPTION)).isEqualTo("Only Billing OpenID role");
        assertThat(TEMPLATE.allowedValues(OPENID_FEDERATION_SERVICE)).containsExactly("Simple", "Managed");
        assertThat(TEMPLATE.defaultValue(OPENID_FEDERATION_SERVICE)).isEqualTo("Simple");
        assertThat(map(TEMPLATE.section("Parameters").get("OrganizationalUnitIds"), "OUs"))
                .containsEntry("Type", "CommaDelimitedList");
    }

    @Test
    void resourcesHaveTheirTypes() {
        Map<String, Object> types = new TreeMap<>();
        TEMPLATE.section("Resources").forEach((id, resource) -> types.put(id, map(resource, id).get("Type")));

        assertThat(types).isEqualTo(Map.of(
                PROVIDER, "AWS::IAM::OIDCProvider",
                BILLING_ROLE, "AWS::IAM::Role",
                BILLING_POLICY, "AWS::IAM::ManagedPolicy",
                OPERATIONS_ROLE, "AWS::IAM::Role",
                SECURITY_AUDIT_ROLE, "AWS::IAM::Role",
                STACK_SET, "AWS::CloudFormation::StackSet"));
    }

    @Test
    void everyEnvironmentMapsToEntraIdIdentifiers() {
        Map<String, Object> mapping = map(TEMPLATE.section("Mappings").get("EntraIdEnvironment"), "EntraIdEnvironment");

        assertThat(mapping.keySet()).containsExactlyInAnyOrderElementsOf(TEMPLATE.environments());
        mapping.forEach((environment, ids) -> assertThat(map(ids, environment))
                .as(environment)
                .containsOnlyKeys("TenantId", "ApplicationId", "BillingPrincipalObjectId", "OperationsPrincipalObjectId")
                .allSatisfy((key, id) -> assertThat(id).asString().matches(GUID)));
    }

    @ParameterizedTest
    @MethodSource("environments")
    void providerIsTheEnvironmentsEntraIdIssuerWithItsApplicationAsAudience(String environment) {
        Map<String, Object> ids = entraIds(environment);

        assertThat(TEMPLATE.providerUrl(environment)).isEqualTo("https://sts.windows.net/" + ids.get("TenantId") + "/");
        assertThat(TEMPLATE.providerClientIds(environment)).containsExactly("api://" + ids.get("ApplicationId"));
        assertThat(TEMPLATE.properties(PROVIDER)).doesNotContainKey("ThumbprintList");
    }

    @ParameterizedTest
    @MethodSource("environments")
    void billingRoleTrustsOnlyTheEnvironmentsServicePrincipalThroughTheProvider(String environment) {
        Map<String, Object> ids = entraIds(environment);
        String issuer = "sts.windows.net/" + ids.get("TenantId") + "/";
        Map<String, Object> policy = TEMPLATE.trustPolicy(BILLING_ROLE, environment, ACCOUNT);

        assertThat(policy).containsEntry("Version", "2012-10-17");
        assertThat(OpenIdStackTemplate.list(policy.get("Statement"), "statements")).hasSize(1);
        Map<String, Object> statement = OpenIdStackTemplate.webIdentityStatement(policy);
        assertThat(statement).containsOnlyKeys("Sid", "Effect", "Principal", "Action", "Condition");
        assertThat(statement.get("Principal"))
                .isEqualTo(Map.of("Federated", "arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + issuer));
        assertThat(statement.get("Condition")).isEqualTo(Map.of("StringEquals", Map.of(
                issuer + ":aud", "api://" + ids.get("ApplicationId"),
                issuer + ":sub", ids.get("BillingPrincipalObjectId"))));

        ExpectedTrust trust = TEMPLATE.expectedTrust(environment);
        assertThat(trust).isEqualTo(new ExpectedTrust(environment, "https://" + issuer,
                "api://" + ids.get("ApplicationId"), (String) ids.get("BillingPrincipalObjectId")));
        assertThat(trust.audienceKey()).isEqualTo(issuer + ":aud");
        assertThat(trust.subjectKey()).isEqualTo(issuer + ":sub");
        assertThat(trust.providerArn(ACCOUNT)).isEqualTo(map(statement.get("Principal"), "Principal").get("Federated"));
        assertThat(TEMPLATE.providerClientIds(environment)).contains(trust.audience());
    }

    @Test
    void billingRoleHasItsFixedNameAndOnlyTheBillingPolicy() {
        Map<String, Object> role = TEMPLATE.properties(BILLING_ROLE);

        assertThat(role).containsEntry("RoleName", BILLING_ROLE)
                .containsEntry("ManagedPolicyArns", List.of(Map.of("Ref", BILLING_POLICY)))
                .doesNotContainKey("Policies");
        assertThat((Integer) role.get("MaxSessionDuration")).isBetween(3600, 43200);
        assertThat(TEMPLATE.resource(BILLING_ROLE)).doesNotContainKey("Condition");
        assertThat(TEMPLATE.resource(PROVIDER)).doesNotContainKey("Condition");
        assertThat(TEMPLATE.resource(BILLING_POLICY)).doesNotContainKey("Condition");
    }

    @Test
    void billingPolicyGrantsExactlyTheManualsThreeActionsOnAnyResource() {
        Map<String, Object> policy = TEMPLATE.properties(BILLING_POLICY);

        assertThat(policy).containsEntry("ManagedPolicyName", BILLING_POLICY);
        assertThat(TEMPLATE.billingPolicyActions()).containsExactlyInAnyOrder(
                "organizations:ListAccounts", "organizations:DescribeAccount", "ce:GetCostAndUsage");
        assertThat(OpenIdStackTemplate.list(map(policy.get("PolicyDocument"), "document").get("Statement"), "statements"))
                .singleElement()
                .satisfies(statement -> assertThat(map(statement, "statement"))
                        .containsEntry("Effect", "Allow")
                        .containsEntry("Resource", "*")
                        .containsOnlyKeys("Effect", "Action", "Resource"));
    }

    static Stream<Arguments> rolesPerOption() {
        return Stream.of(
                Arguments.of("Only Billing OpenID role", Set.of(BILLING_ROLE)),
                Arguments.of("Billing and Operations roles", Set.of(BILLING_ROLE, OPERATIONS_ROLE)),
                Arguments.of("All roles", Set.of(BILLING_ROLE, OPERATIONS_ROLE, SECURITY_AUDIT_ROLE)));
    }

    @ParameterizedTest
    @MethodSource("rolesPerOption")
    void otherRolesAreDeployedOnlyWhenTheOptionAsksForThem(String option, Set<String> expectedRoles) {
        TemplateConditions conditions = new TemplateConditions(TEMPLATE, Map.of(ROLE_DEPLOYMENT_OPTION, option));
        Set<String> roles = new TreeSet<>();
        TEMPLATE.section("Resources").forEach((id, resource) -> {
            if ("AWS::IAM::Role".equals(map(resource, id).get("Type")) && conditions.creates(map(resource, id))) {
                roles.add(id);
            }
        });

        assertThat(roles).containsExactlyInAnyOrderElementsOf(expectedRoles);
    }

    @ParameterizedTest
    @ValueSource(strings = {OPERATIONS_ROLE, SECURITY_AUDIT_ROLE})
    void otherRolesCannotBeAssumedByTheBillingEnginesIdentity(String role) {
        for (String environment : TEMPLATE.environments()) {
            Map<String, Object> statement = OpenIdStackTemplate.webIdentityStatement(TEMPLATE.trustPolicy(role, environment, ACCOUNT));
            ExpectedTrust billing = TEMPLATE.expectedTrust(environment);
            Map<String, Object> equals = map(map(statement.get("Condition"), "Condition").get("StringEquals"), "StringEquals");

            assertThat(equals).as(environment).containsOnlyKeys(billing.audienceKey(), billing.subjectKey());
            assertThat(equals.get(billing.subjectKey())).as(environment)
                    .isEqualTo(entraIds(environment).get("OperationsPrincipalObjectId"))
                    .isNotEqualTo(billing.subject());
        }
    }

    @Test
    void stackSetIsServiceManagedWithAutoDeploymentToTheGivenOrganizationalUnits() {
        Map<String, Object> stackSet = TEMPLATE.properties(STACK_SET);

        assertThat(stackSet).containsEntry("PermissionModel", "SERVICE_MANAGED")
                .containsEntry("AutoDeployment", Map.of("Enabled", true, "RetainStacksOnAccountRemoval", false))
                .containsEntry("TemplateURL", Map.of("Ref", "LinkedAccountsTemplateURL"))
                .containsEntry("Capabilities", List.of("CAPABILITY_NAMED_IAM"));
        assertThat(OpenIdStackTemplate.list(stackSet.get("StackInstancesGroup"), "StackInstancesGroup"))
                .singleElement()
                .satisfies(group -> assertThat(map(group, "group").get("DeploymentTargets"))
                        .isEqualTo(Map.of("OrganizationalUnitIds", Map.of("Ref", "OrganizationalUnitIds"))));
        // The member accounts run the same template with Simple, so the StackSet does not recurse.
        assertThat(OpenIdStackTemplate.list(stackSet.get("Parameters"), "Parameters")).contains(
                Map.of("ParameterKey", OPENID_FEDERATION_SERVICE, "ParameterValue", "Simple"),
                Map.of("ParameterKey", SELECTED_ENVIRONMENT, "ParameterValue", Map.of("Ref", SELECTED_ENVIRONMENT)),
                Map.of("ParameterKey", ROLE_DEPLOYMENT_OPTION, "ParameterValue", Map.of("Ref", ROLE_DEPLOYMENT_OPTION)));
    }

    @Test
    void stackSetIsCreatedOnlyForManagedFederation() {
        Map<String, Object> stackSet = TEMPLATE.resource(STACK_SET);
        Map<String, Object> targets = Map.of("OrganizationalUnitIds", "ou-ab12-cdef3456,r-ab12",
                "LinkedAccountsTemplateURL", "https://bucket.s3.us-east-1.amazonaws.com/openid.yaml");

        TemplateConditions managed = new TemplateConditions(TEMPLATE, with(targets, OPENID_FEDERATION_SERVICE, "Managed"));
        TemplateConditions simple = new TemplateConditions(TEMPLATE, with(targets, OPENID_FEDERATION_SERVICE, "Simple"));
        TemplateConditions defaults = new TemplateConditions(TEMPLATE, Map.of());

        assertThat(managed.creates(stackSet)).isTrue();
        assertThat(managed.rulesAccept()).isTrue();
        assertThat(simple.creates(stackSet)).isFalse();
        assertThat(defaults.creates(stackSet)).isFalse();
        assertThat(defaults.rulesAccept()).as("Simple needs no organizational units").isTrue();
    }

    @Test
    void managedFederationWithoutTargetsIsRefusedBeforeAnythingIsCreated() {
        Map<String, String> managed = Map.of(OPENID_FEDERATION_SERVICE, "Managed");

        assertThat(new TemplateConditions(TEMPLATE, managed).rulesAccept()).isFalse();
        assertThat(new TemplateConditions(TEMPLATE, with(managed, "OrganizationalUnitIds", "ou-ab12-cdef3456")).rulesAccept())
                .as("no template URL").isFalse();
        assertThat(new TemplateConditions(TEMPLATE, with(managed, "LinkedAccountsTemplateURL", "https://b.s3.amazonaws.com/t.yaml"))
                .rulesAccept()).as("no organizational unit").isFalse();
    }

    @Test
    void outputsNameTheBillingRoleTheProviderAndTheVersion() {
        Map<String, Object> outputs = TEMPLATE.section("Outputs");

        assertThat(map(outputs.get("BillingRoleArn"), "BillingRoleArn"))
                .containsEntry("Value", Map.of("Fn::GetAtt", List.of(BILLING_ROLE, "Arn")))
                .doesNotContainKey("Condition");
        assertThat(map(outputs.get("OpenIDConnectProviderArn"), "OpenIDConnectProviderArn"))
                .containsEntry("Value", Map.of("Fn::GetAtt", List.of(PROVIDER, "Arn")))
                .doesNotContainKey("Condition");
        assertThat(map(outputs.get("TemplateVersion"), "TemplateVersion")).containsEntry("Value", TEMPLATE.version());
    }

    @Test
    void versionIsNewerThanTheManualsLinkAndTheSameInDescriptionAndOutput() {
        assertThat(TEMPLATE.version()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(compareVersions(TEMPLATE.version(), "2.10.3")).as("newer than the manual's v2.10.3").isPositive();
        assertThat(TEMPLATE.document().get("Description")).asString().contains("TemplateVersion " + TEMPLATE.version());
    }

    @Test
    void anUnknownEnvironmentIsRefusedNamingIt() {
        assertThatThrownBy(() -> TEMPLATE.expectedTrust("Staging"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Staging'")
                .hasMessageContaining("[Prod, Test, Dev, Sandbox]");
    }

    @Test
    void aTrustPolicyThatLostItsSubjectConditionIsReportedAsBroken() throws IOException {
        String yaml = templateText();
        String subjectLine = "\"sts.windows.net/${TenantId}/:sub\": \"${PrincipalObjectId}\"";
        assertThat(yaml).contains(subjectLine);
        OpenIdStackTemplate broken = OpenIdStackTemplate.parse(yaml.replace(",\n" + " ".repeat(20) + subjectLine, ""));

        assertThatThrownBy(() -> broken.expectedTrust("Prod"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(BILLING_ROLE)
                .hasMessageContaining("sts.windows.net/" + entraIds("Prod").get("TenantId") + "/:sub");
    }

    private static Map<String, Object> entraIds(String environment) {
        return map(map(TEMPLATE.section("Mappings").get("EntraIdEnvironment"), "mapping").get(environment), environment);
    }

    private static Map<String, Object> with(Map<String, ?> values, String name, String value) {
        Map<String, Object> copy = new TreeMap<>(values);
        copy.put(name, value);
        return copy;
    }

    private static int compareVersions(String left, String right) {
        int[] a = Stream.of(left.split("\\.")).mapToInt(Integer::parseInt).toArray();
        int[] b = Stream.of(right.split("\\.")).mapToInt(Integer::parseInt).toArray();
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    private static String templateText() throws IOException {
        try (InputStream in = CloudFormationTemplateTest.class.getClassLoader()
                .getResourceAsStream(OpenIdStackTemplate.CLASSPATH_LOCATION)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

package com.billingengine.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuickCreateLinkTest {

    private static final OpenIdStackTemplate TEMPLATE = OpenIdStackTemplate.fromClasspath();
    private static final QuickCreateLink LINKS = new QuickCreateLink(TEMPLATE);
    private static final String TEMPLATE_URL =
            "https://swo-billing-templates.s3.us-east-1.amazonaws.com/openid/billing-engine-openid-2.11.0.yaml";

    @Test
    void linkOpensTheQuickCreateReviewWithTheManualsParameters() {
        URI link = LINKS.link(QuickLinkSettings.of(TEMPLATE_URL));

        assertThat(link.getScheme()).isEqualTo("https");
        assertThat(link.getHost()).isEqualTo("us-east-1.console.aws.amazon.com");
        assertThat(link.getPath()).isEqualTo("/cloudformation/home");
        assertThat(link.getQuery()).isEqualTo("region=us-east-1");
        assertThat(link.getRawFragment()).startsWith("/stacks/create/review?");
        assertThat(fragmentQuery(link)).containsExactly(
                Map.entry("templateURL", TEMPLATE_URL),
                Map.entry("stackName", "SWO-OpenID-Billing"),
                Map.entry("param_SelectedEnvironment", "Prod"),
                Map.entry("param_RoleDeploymentOption", "Only Billing OpenID role"),
                Map.entry("param_OpenIDFederationService", "Simple"));
    }

    @Test
    void valuesArePercentEncodedWithSpacesAsPercent20() {
        String raw = LINKS.link(QuickLinkSettings.of(TEMPLATE_URL)).toString();

        assertThat(raw).contains("templateURL=https%3A%2F%2Fswo-billing-templates.s3.us-east-1.amazonaws.com%2Fopenid%2F")
                .contains("param_RoleDeploymentOption=Only%20Billing%20OpenID%20role")
                .doesNotContain("+");
        assertThat(URI.create(raw)).isEqualTo(LINKS.link(QuickLinkSettings.of(TEMPLATE_URL)));
    }

    @Test
    void linkParametersAreValuesTheTemplateOffers() {
        Map<String, String> query = fragmentQuery(LINKS.link(QuickLinkSettings.of(TEMPLATE_URL)));

        query.forEach((key, value) -> {
            if (key.startsWith("param_")) {
                assertThat(TEMPLATE.allowedValues(key.substring("param_".length()))).as(key).contains(value);
            }
        });
    }

    @Test
    void otherRegionStackNameAndEnvironmentAreUsed() {
        String url = "https://s3.eu-central-1.amazonaws.com/swo-templates/openid.yaml?versionId=3/L4kqtJl&x=a+b";
        URI link = LINKS.link(new QuickLinkSettings("eu-central-1", url, "Billing-Test-2", "Test"));

        assertThat(link.getHost()).isEqualTo("eu-central-1.console.aws.amazon.com");
        assertThat(link.getQuery()).isEqualTo("region=eu-central-1");
        assertThat(fragmentQuery(link)).containsEntry("templateURL", url)
                .containsEntry("stackName", "Billing-Test-2")
                .containsEntry("param_SelectedEnvironment", "Test");
    }

    @ParameterizedTest
    @CsvSource({
            "https://bucket.s3.amazonaws.com/t.yaml, us-east-1",
            "https://s3.amazonaws.com/bucket/t.yaml, us-east-1",
            "https://bucket.s3-eu-west-1.amazonaws.com/dir/t.yaml, eu-west-1",
            "https://bucket.s3.dualstack.ap-southeast-2.amazonaws.com/t.json, ap-southeast-2",
            "HTTPS://Bucket.S3.US-EAST-1.AMAZONAWS.COM/t.yaml, us-east-1"})
    void s3UrlStylesAreAcceptedInTheirRegion(String url, String region) {
        URI link = LINKS.link(new QuickLinkSettings(region, url, null, null));

        assertThat(fragmentQuery(link)).containsEntry("templateURL", url);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "us-east-1 | http://bucket.s3.us-east-1.amazonaws.com/t.yaml | templateUrl",
            "us-east-1 | https://example.com/t.yaml | templateUrl",
            "us-east-1 | https://bucket.s3.eu-west-1.amazonaws.com/t.yaml | templateUrl",
            "eu-west-1 | https://bucket.s3.amazonaws.com/t.yaml | templateUrl",
            "us-east-1 | https://bucket.s3.us-east-1.amazonaws.com/ | templateUrl",
            "us-east-1 | https://s3.us-east-1.amazonaws.com/bucket-only | templateUrl",
            "us-east-1 | https://bucket.s3.us-east-1.amazonaws.com:8443/t.yaml | templateUrl",
            "us-east-1 | https://bucket.s3.us-east-1.amazonaws.com/t.yaml#x | templateUrl",
            "us-east-1 | https://bucket.s3.us-east-1.amazonaws.com.evil.example/t.yaml | templateUrl",
            "us-east-1 | not a url | templateUrl",
            "US-EAST-1 | https://bucket.s3.us-east-1.amazonaws.com/t.yaml | region",
            "us-gov-west-1 | https://bucket.s3.us-gov-west-1.amazonaws.com/t.yaml | region",
            "us-east-1; | https://bucket.s3.us-east-1.amazonaws.com/t.yaml | region"})
    void badRegionOrTemplateUrlIsRefusedNamingTheField(String region, String url, String field) {
        assertThatThrownBy(() -> new QuickLinkSettings(region, url, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(field + " '" + (field.equals("region") ? region : url) + "'");
    }

    @Test
    void missingTemplateUrlIsRefusedNamingTheField() {
        assertThatThrownBy(() -> QuickLinkSettings.of(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("templateUrl is missing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1stack", "SWO_OpenID", "SWO OpenID", "stack-é"})
    void badStackNameIsRefusedNamingTheField(String stackName) {
        assertThatThrownBy(() -> new QuickLinkSettings(null, TEMPLATE_URL, stackName, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("stackName '" + stackName + "'");
    }

    @Test
    void stackNameMayHave128CharactersButNotMore() {
        String longest = "S" + "-".repeat(126) + "1";

        assertThat(new QuickLinkSettings(null, TEMPLATE_URL, longest, null).stackName()).hasSize(128);
        assertThatThrownBy(() -> new QuickLinkSettings(null, TEMPLATE_URL, longest + "x", null))
                .hasMessageStartingWith("stackName '");
    }

    @Test
    void unknownEnvironmentIsRefusedNamingTheField() {
        assertThatThrownBy(() -> LINKS.link(new QuickLinkSettings(null, TEMPLATE_URL, null, "Staging")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("environment 'Staging'")
                .hasMessageContaining("Prod");
    }

    @Test
    void blankSettingsTakeTheDefaults() {
        QuickLinkSettings settings = new QuickLinkSettings(" ", TEMPLATE_URL, "", null);

        assertThat(settings).isEqualTo(new QuickLinkSettings("us-east-1", TEMPLATE_URL, "SWO-OpenID-Billing", "Prod"));
    }

    /** The query inside the fragment, each value decoded, in link order. */
    static Map<String, String> fragmentQuery(URI link) {
        String fragment = link.getRawFragment();
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : fragment.substring(fragment.indexOf('?') + 1).split("&")) {
            String[] keyValue = pair.split("=", 2);
            // Decode as a URL query (+ is literal): the link must encode spaces as %20.
            query.put(keyValue[0], URLDecoder.decode(keyValue[1].replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return query;
    }
}

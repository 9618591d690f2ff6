package com.billingengine.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.StsException;

/** Each AWS refusal a customer's set-up can cause becomes a message naming the payer, the call and what to check. */
class ActionableErrorsTest {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    "{\"aud\":\"api://billing\",\"sub\":\"sp-object-id\",\"iss\":\"https://sts.windows.net/t/\"}"
                            .getBytes(StandardCharsets.UTF_8))
            + ".signature";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "AccessDenied          | SelectedEnvironment=Prod",
            "InvalidIdentityToken  | provider URL",
            "ExpiredTokenException | clock",
            "IDPRejectedClaim      | SelectedEnvironment=Prod"})
    void refusedRoleAssumptionsNameTheRoleTheClaimsAndTheRemedy(String code, String remedy) {
        StsException refusal = (StsException) StsException.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("refused").build()).build();
        WebIdentityTokenSource tokens = new WebIdentityTokenSource() {
            @Override
            public String token() {
                return TOKEN;
            }

            @Override
            public String describe() {
                return "test";
            }
        };
        var provider = new TrustAwareCredentialsProvider(() -> {
            throw refusal;
        }, "arn:aws:iam::123456789012:role/SWOOpenIDCAssumeBillingOnlyRole", tokens);
        assertThatThrownBy(provider::resolveCredentials).isInstanceOf(SdkClientException.class)
                .hasMessageContaining("arn:aws:iam::123456789012:role/SWOOpenIDCAssumeBillingOnlyRole")
                .hasMessageContaining(code).hasMessageContaining(remedy)
                .hasMessageContaining("aud=\"api://billing\"").hasMessageContaining("sub=sp-object-id")
                .message().doesNotContain(TOKEN);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "AWSOrganizationsNotInUseException | Organizations ListAccounts  | management account",
            "AccessDeniedException             | Cost Explorer GetCostAndUsage | SWOOpenIDCAssumeBillingOnlyPolicy"})
    void refusedCallsNameThePayerTheCallAndTheRemedy(String code, String call, String remedy) {
        AwsServiceException refusal = AwsServiceException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("no").build()).build();
        AwsCallException e = new AwsCallException("123456789012", call, refusal);
        assertThat(e.getMessage()).startsWith("payer 123456789012: " + call + " failed with " + code)
                .contains(remedy);
    }
}

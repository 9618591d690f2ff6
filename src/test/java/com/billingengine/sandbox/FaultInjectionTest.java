package com.billingengine.sandbox;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;
import software.amazon.awssdk.services.organizations.model.TooManyRequestsException;
import software.amazon.awssdk.services.sts.model.StsException;

import static org.assertj.core.api.Assertions.assertThat;

class FaultInjectionTest {

    @Test
    void errorAndThrottleRatesAnswerServerErrorsAndThrottlingDeterministically() throws Exception {
        SandboxOptions options = SandboxOptions.defaults().withFaults("throttle=0.3,error=0.3");
        List<String> first = outcomes(options);
        assertThat(first).contains("200", "500:InternalFailure", "503:ServiceUnavailable",
                "400:TooManyRequestsException");
        assertThat(outcomes(options)).isEqualTo(first);
    }

    /** The outcome of 40 ListAccounts calls after an assume that is retried by hand until it passes. */
    private static List<String> outcomes(SandboxOptions options) throws Exception {
        List<String> outcomes = new ArrayList<>();
        try (AwsSandbox sandbox = AwsSandbox.start(options); SdkClients clients = new SdkClients(sandbox)) {
            AwsSessionCredentials credentials = null;
            while (credentials == null) {
                try {
                    credentials = clients.assume(sandbox.payers().get(0).accountId());
                } catch (StsException e) {
                    outcomes.add("sts " + e.statusCode() + ":" + e.awsErrorDetails().errorCode());
                }
            }
            OrganizationsClient organizations = clients.organizations(credentials);
            for (int i = 0; i < 40; i++) {
                try {
                    organizations.listAccounts();
                    outcomes.add("200");
                } catch (TooManyRequestsException e) {
                    outcomes.add(e.statusCode() + ":" + e.awsErrorDetails().errorCode());
                } catch (OrganizationsException e) {
                    outcomes.add(e.statusCode() + ":" + e.awsErrorDetails().errorCode());
                }
            }
            assertThat(sandbox.requestCount("ListAccounts")).isEqualTo(40);
        }
        return outcomes;
    }
}

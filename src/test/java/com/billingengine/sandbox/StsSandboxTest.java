package com.billingengine.sandbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.ExpiredTokenException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.InvalidIdentityTokenException;
import software.amazon.awssdk.services.sts.model.StsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StsSandboxTest {

    private final AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults());
    private final SdkClients clients = new SdkClients(sandbox);

    @AfterEach
    void stop() throws Exception {
        clients.close();
        sandbox.close();
    }

    @Test
    void assumesTheBillingRoleAndTellsWhoTheCallerIs() {
        SandboxPayer payer = sandbox.payers().get(0);
        AssumeRoleWithWebIdentityResponse assumed = clients.anonymousSts().assumeRoleWithWebIdentity(r -> r
                .roleArn(payer.roleArn()).roleSessionName("billing-engine").durationSeconds(900)
                .webIdentityToken(sandbox.webIdentityToken()));

        assertThat(assumed.credentials().accessKeyId()).startsWith("ASIA");
        assertThat(assumed.credentials().expiration()).isNotNull();
        assertThat(assumed.subjectFromWebIdentityToken()).isEqualTo(sandbox.trust().subject());
        assertThat(assumed.audience()).isEqualTo(sandbox.trust().audience());
        assertThat(assumed.provider()).isEqualTo(sandbox.trust().issuer());
        assertThat(assumed.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::" + payer.accountId()
                + ":assumed-role/SWOOpenIDCAssumeBillingOnlyRole/billing-engine");
        assertThat(assumed.assumedRoleUser().assumedRoleId()).startsWith("AROA").endsWith(":billing-engine");

        AwsSessionCredentials credentials = AwsSessionCredentials.create(assumed.credentials().accessKeyId(),
                assumed.credentials().secretAccessKey(), assumed.credentials().sessionToken());
        GetCallerIdentityResponse identity = clients.sts(credentials).getCallerIdentity();
        assertThat(identity.account()).isEqualTo(payer.accountId());
        assertThat(identity.arn()).isEqualTo(assumed.assumedRoleUser().arn());
        assertThat(identity.userId()).isEqualTo(assumed.assumedRoleUser().assumedRoleId());
        assertThat(sandbox.requestCount("AssumeRoleWithWebIdentity", payer.accountId())).isEqualTo(1);
        assertThat(sandbox.requestCount("GetCallerIdentity", payer.accountId())).isEqualTo(1);
    }

    @Test
    void roleWhoseTrustExpectsAnotherAudienceRefuses() {
        SandboxPayer wrongAudience = sandbox.problemPayers().get(0);
        StsException refused = assertThrows(StsException.class, () -> assume(wrongAudience.roleArn(),
                "billing-engine", sandbox.webIdentityToken()));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(refused.awsErrorDetails().errorMessage())
                .isEqualTo("Not authorized to perform sts:AssumeRoleWithWebIdentity");
    }

    @Test
    void tokenForAnotherAudienceOrSubjectIsRefused() {
        String roleArn = sandbox.payers().get(0).roleArn();
        for (String claim : new String[] {"aud", "sub"}) {
            String token = sandbox.webIdentityToken(Map.of(claim, "someone-else"), Duration.ofHours(1));
            StsException refused = assertThrows(StsException.class, () -> assume(roleArn, "billing-engine", token));
            assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        }
    }

    @Test
    void expiredTokenIsRefusedButFiveMinutesOfSkewAreTolerated() {
        String roleArn = sandbox.payers().get(0).roleArn();
        String expired = sandbox.webIdentityToken(Map.of(), Duration.ofMinutes(-10));
        assertThrows(ExpiredTokenException.class, () -> assume(roleArn, "billing-engine", expired));

        String withinSkew = sandbox.webIdentityToken(Map.of(), Duration.ofMinutes(-2));
        assertThat(assume(roleArn, "billing-engine", withinSkew).credentials()).isNotNull();
    }

    @Test
    void tokenNotSignedByTheIssuerIsInvalid() {
        String roleArn = sandbox.payers().get(0).roleArn();
        try (AwsSandbox other = AwsSandbox.start(SandboxOptions.defaults())) {
            String foreign = other.webIdentityToken();
            assertThrows(InvalidIdentityTokenException.class, () -> assume(roleArn, "billing-engine", foreign));
        }
        assertThrows(InvalidIdentityTokenException.class, () -> assume(roleArn, "billing-engine", "not.a.jwt"));
        Map<String, Object> otherIssuer = new HashMap<>();
        otherIssuer.put("iss", "https://sts.windows.net/another-tenant/");
        String token = sandbox.webIdentityToken(otherIssuer, Duration.ofHours(1));
        assertThrows(InvalidIdentityTokenException.class, () -> assume(roleArn, "billing-engine", token));
    }

    @Test
    void badRoleSessionNameAndDurationAreValidationErrors() {
        String roleArn = sandbox.payers().get(0).roleArn();
        for (String name : new String[] {"x", "has space", "a".repeat(65), "slash/not-allowed"}) {
            StsException refused = assertThrows(StsException.class,
                    () -> assume(roleArn, name, sandbox.webIdentityToken()));
            assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            assertThat(refused.awsErrorDetails().errorMessage()).contains("roleSessionName");
        }
        StsException tooShort = assertThrows(StsException.class, () -> clients.anonymousSts()
                .assumeRoleWithWebIdentity(r -> r.roleArn(roleArn).roleSessionName("ok-name").durationSeconds(60)
                        .webIdentityToken(sandbox.webIdentityToken())));
        assertThat(tooShort.awsErrorDetails().errorMessage()).contains("durationSeconds");
    }

    @Test
    void roleMissingInTheAccountIsAccessDenied() {
        String member = "arn:aws:iam::" + sandbox.payers().get(0).accountId() + ":role/SomeOtherRole";
        StsException refused = assertThrows(StsException.class,
                () -> assume(member, "billing-engine", sandbox.webIdentityToken()));
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
    }

    @Test
    void unknownOrExpiredCredentialsAreRefused() {
        AwsSessionCredentials unknown = AwsSessionCredentials.create("ASIAUNKNOWNKEY000000", "secret", "token");
        StsException invalid = assertThrows(StsException.class, () -> clients.sts(unknown).getCallerIdentity());
        assertThat(invalid.statusCode()).isEqualTo(403);
        assertThat(invalid.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");

        try (AwsSandbox shortLived = AwsSandbox.start(SandboxOptions.defaults().withCredentialLifetime(Duration.ZERO));
                SdkClients shortClients = new SdkClients(shortLived)) {
            AwsSessionCredentials credentials = shortClients.assume(shortLived.payers().get(0).accountId());
            assertThrows(ExpiredTokenException.class, () -> shortClients.sts(credentials).getCallerIdentity());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private AssumeRoleWithWebIdentityResponse assume(String roleArn, String sessionName, String token) {
        StsClient sts = clients.anonymousSts();
        return sts.assumeRoleWithWebIdentity(r -> r.roleArn(roleArn).roleSessionName(sessionName)
                .webIdentityToken(token));
    }
}

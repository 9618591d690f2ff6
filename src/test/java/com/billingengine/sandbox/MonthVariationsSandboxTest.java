package com.billingengine.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.DataUnavailableException;
import software.amazon.awssdk.services.costexplorer.model.DimensionValuesWithAttributes;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.costexplorer.model.InvalidNextTokenException;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;
import software.amazon.awssdk.services.organizations.model.AccountNotFoundException;
import software.amazon.awssdk.services.organizations.model.Account;

/** The options that make the simulated month change between runs, seen through the real SDK clients. */
class MonthVariationsSandboxTest {

    private static final GetCostAndUsageRequest OCTOBER_DAILY = GetCostAndUsageRequest.builder()
            .timePeriod(t -> t.start("2026-10-01").end("2026-11-01")).granularity(Granularity.DAILY)
            .metrics("UnblendedCost")
            .groupBy(g -> g.type(GroupDefinitionType.DIMENSION).key("LINKED_ACCOUNT"),
                    g -> g.type(GroupDefinitionType.DIMENSION).key("SERVICE"))
            .build();

    @Test
    void anAccountThatLeftIsNotListedButChargedBeforeItLeftAndNamedInDimensionValueAttributes() throws Exception {
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults().withAccountLeaves(true));
                AwsSandbox plain = AwsSandbox.start(SandboxOptions.defaults());
                SdkClients clients = new SdkClients(sandbox)) {
            assertThat(sandbox.departedAccounts()).hasSize(sandbox.payers().size());
            assertThat(plain.departedAccounts()).isEmpty();
            SandboxPayer payer = sandbox.payers().get(0);
            AwsSessionCredentials credentials = clients.assume(payer.accountId());
            List<String> listed = clients.organizations(credentials).listAccountsPaginator(r -> r.maxResults(20)).stream()
                    .flatMap(page -> page.accounts().stream()).map(Account::id).toList();
            String departed = sandbox.departedAccounts().keySet().stream()
                    .filter(id -> plainAccounts(plain, payer).contains(id)).findFirst().orElseThrow();
            assertThat(listed).hasSize(11).doesNotContain(departed);
            assertThrows(AccountNotFoundException.class,
                    () -> clients.organizations(credentials).describeAccount(r -> r.accountId(departed)));

            TreeSet<String> chargedDays = new TreeSet<>();
            Map<String, String> names = new HashMap<>();
            CostExplorerClient costExplorer = clients.costExplorer(credentials);
            String token = null;
            do {
                GetCostAndUsageResponse page = costExplorer.getCostAndUsage(
                        OCTOBER_DAILY.toBuilder().nextPageToken(token).build());
                for (ResultByTime result : page.resultsByTime()) {
                    result.groups().stream().filter(g -> g.keys().get(0).equals(departed))
                            .forEach(g -> chargedDays.add(result.timePeriod().start()));
                }
                for (DimensionValuesWithAttributes value : page.dimensionValueAttributes()) {
                    names.put(value.value(), value.attributes().get("description"));
                }
                token = page.nextPageToken();
            } while (token != null);
            assertThat(chargedDays.first()).isEqualTo("2026-10-01");
            assertThat(chargedDays.last()).isEqualTo("2026-10-15");
            assertThat(names).containsEntry(departed, sandbox.departedAccounts().get(departed));
            assertThat(names.get(departed)).isNotBlank();
        }
    }

    private static List<String> plainAccounts(AwsSandbox plain, SandboxPayer payer) {
        try (SdkClients clients = new SdkClients(plain)) {
            return clients.organizations(clients.assume(payer.accountId())).listAccountsPaginator(r -> r.maxResults(20)).stream()
                    .flatMap(page -> page.accounts().stream()).map(Account::id).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void onlyTheLastDaysOfTheMonthAreEstimated() throws Exception {
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults().withEstimatedDays(3));
                SdkClients clients = new SdkClients(sandbox)) {
            CostExplorerClient costExplorer = clients.costExplorer(clients.assume(sandbox.payers().get(0).accountId()));
            List<String> estimatedDays = new ArrayList<>();
            for (ResultByTime result : costExplorer.getCostAndUsage(r -> r
                    .timePeriod(t -> t.start("2026-10-01").end("2026-11-01")).granularity(Granularity.DAILY)
                    .metrics("UnblendedCost")).resultsByTime()) {
                if (result.estimated()) {
                    estimatedDays.add(result.timePeriod().start());
                }
            }
            assertThat(estimatedDays).containsExactly("2026-10-29", "2026-10-30", "2026-10-31");
            ResultByTime september = costExplorer.getCostAndUsage(r -> r
                    .timePeriod(t -> t.start("2026-09-01").end("2026-10-01")).granularity(Granularity.MONTHLY)
                    .metrics("UnblendedCost")).resultsByTime().get(0);
            assertThat(september.estimated()).as("a month with estimated days is estimated").isTrue();
        }
    }

    @Test
    void aPageTokenOlderThanItsMaxAgeIsAnInvalidNextTokenException() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-02T06:00:00Z"));
        SandboxOptions options = SandboxOptions.defaults().withPageTokenMaxAge(Duration.ofMinutes(10));
        try (AwsSandbox sandbox = AwsSandbox.start(options, clock); SdkClients clients = new SdkClients(sandbox)) {
            CostExplorerClient costExplorer = clients.costExplorer(clients.assume(sandbox.payers().get(0).accountId()));
            String token = costExplorer.getCostAndUsage(OCTOBER_DAILY).nextPageToken();
            clock.advance(Duration.ofMinutes(10));
            assertThat(costExplorer.getCostAndUsage(OCTOBER_DAILY.toBuilder().nextPageToken(token).build())
                    .resultsByTime()).as("still young enough").isNotEmpty();
            clock.advance(Duration.ofSeconds(1));
            InvalidNextTokenException expired = assertThrows(InvalidNextTokenException.class,
                    () -> costExplorer.getCostAndUsage(OCTOBER_DAILY.toBuilder().nextPageToken(token).build()));
            assertThat(expired.statusCode()).isEqualTo(400);
            assertThat(expired.awsErrorDetails().errorMessage()).contains("expired");
        }
    }

    @Test
    void anotherSandboxInstanceRejectsTheTokensOfAnEarlierOneOnlyWhenTokensExpire() throws Exception {
        SandboxOptions expiring = SandboxOptions.defaults().withPageTokenMaxAge(Duration.ofHours(1));
        String token;
        try (AwsSandbox first = AwsSandbox.start(expiring); SdkClients clients = new SdkClients(first)) {
            token = clients.costExplorer(clients.assume(first.payers().get(0).accountId()))
                    .getCostAndUsage(OCTOBER_DAILY).nextPageToken();
        }
        try (AwsSandbox second = AwsSandbox.start(expiring); SdkClients clients = new SdkClients(second)) {
            CostExplorerClient costExplorer = clients.costExplorer(clients.assume(second.payers().get(0).accountId()));
            assertThrows(InvalidNextTokenException.class,
                    () -> costExplorer.getCostAndUsage(OCTOBER_DAILY.toBuilder().nextPageToken(token).build()));
        }
        String lasting;
        try (AwsSandbox first = AwsSandbox.start(SandboxOptions.defaults()); SdkClients clients = new SdkClients(first)) {
            lasting = clients.costExplorer(clients.assume(first.payers().get(0).accountId()))
                    .getCostAndUsage(OCTOBER_DAILY).nextPageToken();
        }
        try (AwsSandbox second = AwsSandbox.start(SandboxOptions.defaults()); SdkClients clients = new SdkClients(second)) {
            assertThat(clients.costExplorer(clients.assume(second.payers().get(0).accountId()))
                    .getCostAndUsage(OCTOBER_DAILY.toBuilder().nextPageToken(lasting).build()).resultsByTime())
                    .as("without expiry, tokens outlive the sandbox as AWS's do").isNotEmpty();
        }
    }

    @Test
    void theErrorBodyIsAwsJsonWithTypeAndMessage() throws Exception {
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults())) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sandbox.endpoint())
                    .header("X-Amz-Target", "AWSInsightsIndexService.GetCostAndUsage")
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).startsWith("{\"__type\":\"MissingAuthenticationTokenException\",\"Message\":\"");
        }
    }

    @Test
    void aCostExplorerOutageAfterNRequestsIsNotRetryable() throws Exception {
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults().withFaults("ce-outage-after=2"));
                SdkClients clients = new SdkClients(sandbox)) {
            CostExplorerClient costExplorer = clients.costExplorer(clients.assume(sandbox.payers().get(0).accountId()));
            costExplorer.getCostAndUsage(OCTOBER_DAILY);
            costExplorer.getCostAndUsage(OCTOBER_DAILY);
            DataUnavailableException outage = assertThrows(DataUnavailableException.class,
                    () -> costExplorer.getCostAndUsage(OCTOBER_DAILY));
            assertThat(outage.statusCode()).isEqualTo(400);
            assertThat(outage.retryable()).isFalse();
        }
    }

    @Test
    void theSandboxTellsAnyClientHowToSignIn() {
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults())) {
            SandboxClient client = SandboxClient.fetch(sandbox.endpoint());
            assertThat(client).isEqualTo(sandbox.client());
            assertThat(client.clientSecret()).isEqualTo(sandbox.clientSecret());
            assertThat(client.tenantId()).isEqualTo(sandbox.trust().tenantId());
            assertThat(client.scope()).isEqualTo(sandbox.trust().audience() + "/.default");
            assertThat(client.toString()).doesNotContain(sandbox.clientSecret());
            assertThat(SandboxClient.fetch(URI.create(sandbox.endpoint() + "/elsewhere"))).isNull();
        }
    }

    @Test
    void variationsAreCheckedAndTheFaultSpecNamesTheBadPart() {
        assertThrows(IllegalArgumentException.class, () -> SandboxOptions.defaults().withEstimatedDays(32));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> SandboxOptions.defaults().withFaults("ce-outage-after=soon"));
        assertThat(bad.getMessage()).contains("'ce-outage-after=soon'");
        assertThat(SandboxOptions.defaults().withFaults("ce-outage-after=7").variations().costExplorerOutageAfter())
                .isEqualTo(7);
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {

        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

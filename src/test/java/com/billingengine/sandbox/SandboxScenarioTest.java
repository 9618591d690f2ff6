package com.billingengine.sandbox;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.organizations.model.ListAccountsResponse;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxScenarioTest {

    private static final GetCostAndUsageRequest DAILY_BY_ACCOUNT_AND_SERVICE = GetCostAndUsageRequest.builder()
            .timePeriod(t -> t.start("2026-09-01").end("2026-10-01")).granularity(Granularity.DAILY)
            .metrics("UnblendedCost", "BlendedCost", "AmortizedCost", "UsageQuantity")
            .groupBy(g -> g.type(GroupDefinitionType.DIMENSION).key("LINKED_ACCOUNT"),
                    g -> g.type(GroupDefinitionType.DIMENSION).key("SERVICE"))
            .build();

    @Test
    void defaultScenarioHasCustomersInSeveralCurrenciesAndProblemPayers() {
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults())) {
            assertThat(sandbox.payers()).hasSize(3).extracting(SandboxPayer::accountId).isSorted()
                    .allMatch(id -> id.matches("\\d{12}"));
            assertThat(sandbox.payers()).extracting(SandboxPayer::currency).containsExactlyInAnyOrder("USD", "EUR",
                    "JPY");
            assertThat(sandbox.payers()).extracting(SandboxPayer::customerId).containsExactlyInAnyOrder("C-1001",
                    "C-1002", "C-1003");
            assertThat(sandbox.payers()).allSatisfy(p -> assertThat(p.roleArn())
                    .isEqualTo("arn:aws:iam::" + p.accountId() + ":role/SWOOpenIDCAssumeBillingOnlyRole"));
            assertThat(sandbox.problemPayers()).hasSize(3).allSatisfy(p -> assertThat(p.note()).isNotBlank());
            assertThat(sandbox.trust().issuer()).isEqualTo("https://sts.windows.net/" + sandbox.trust().tenantId() + "/");
            assertThat(sandbox.trust().audience()).isEqualTo("api://" + sandbox.trust().clientId());
        }
    }

    @Test
    void sameSeedGivesIdenticalAnswersAndAnotherSeedDoesNot() throws Exception {
        List<String> first = answers(SandboxOptions.defaults());
        List<String> second = answers(SandboxOptions.defaults());
        List<String> otherSeed = answers(SandboxOptions.defaults().withSeed(7));
        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    /** ListAccounts and every GetCostAndUsage page of the first payer, as the SDK parsed them. */
    private static List<String> answers(SandboxOptions options) throws Exception {
        List<String> answers = new ArrayList<>();
        try (AwsSandbox sandbox = AwsSandbox.start(options); SdkClients clients = new SdkClients(sandbox)) {
            AwsSessionCredentials credentials = clients.assume(sandbox.payers().get(0).accountId());
            clients.organizations(credentials).listAccountsPaginator().stream().map(ListAccountsResponse::accounts)
                    .forEach(page -> answers.add(page.toString()));
            CostExplorerClient costExplorer = clients.costExplorer(credentials);
            String token = null;
            do {
                GetCostAndUsageResponse page = costExplorer.getCostAndUsage(
                        DAILY_BY_ACCOUNT_AND_SERVICE.toBuilder().nextPageToken(token).build());
                answers.add(page.resultsByTime() + "|" + page.dimensionValueAttributes() + "|" + page.nextPageToken());
                token = page.nextPageToken();
            } while (token != null);
        }
        return answers;
    }

    @Test
    void largeEstatesPageLazilyAndAddUp() throws Exception {
        SandboxOptions large = SandboxOptions.defaults().withSize(20, 50, 40);
        try (AwsSandbox sandbox = AwsSandbox.start(large); SdkClients clients = new SdkClients(sandbox)) {
            assertThat(sandbox.payers()).hasSize(20);
            SandboxPayer payer = sandbox.payers().get(19);
            CostExplorerClient costExplorer = clients.costExplorer(clients.assume(payer.accountId()));
            BigDecimal sum = BigDecimal.ZERO;
            int pages = 0;
            String token = null;
            do {
                GetCostAndUsageResponse page = costExplorer.getCostAndUsage(
                        DAILY_BY_ACCOUNT_AND_SERVICE.toBuilder().nextPageToken(token).build());
                pages++;
                sum = sum.add(page.resultsByTime().stream().flatMap(r -> r.groups().stream())
                        .map(g -> new BigDecimal(g.metrics().get("UnblendedCost").amount()))
                        .reduce(BigDecimal.ZERO, BigDecimal::add));
                token = page.nextPageToken();
            } while (token != null);
            assertThat(pages).isGreaterThan(50);
            assertThat(sum).isEqualByComparingTo(sandbox.monthTotal(payer.accountId(), YearMonth.of(2026, 9),
                    "UnblendedCost"));
        }
    }
}

package com.billingengine.sandbox;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.CostExplorerException;
import software.amazon.awssdk.services.costexplorer.model.Dimension;
import software.amazon.awssdk.services.costexplorer.model.Expression;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.Group;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinition;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.costexplorer.model.InvalidNextTokenException;
import software.amazon.awssdk.services.costexplorer.model.LimitExceededException;
import software.amazon.awssdk.services.costexplorer.model.RequestChangedException;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CostExplorerSandboxTest {

    private static final YearMonth MONTH = YearMonth.of(2026, 10);
    private static final List<String> RECORD_TYPES = List.of("Usage", "Tax", "Credit", "Refund", "Fee",
            "SavingsPlanCoveredUsage", "SavingsPlanNegation", "Support");

    private static AwsSandbox sandbox;
    private static SdkClients clients;
    private static SandboxPayer payer;
    private static CostExplorerClient costExplorer;

    @BeforeAll
    static void start() {
        sandbox = AwsSandbox.start(SandboxOptions.defaults());
        clients = new SdkClients(sandbox);
        payer = sandbox.payers().get(0);
        costExplorer = clients.costExplorer(clients.assume(payer.accountId()));
    }

    @AfterAll
    static void stop() throws Exception {
        clients.close();
        sandbox.close();
    }

    private static GetCostAndUsageRequest dailyByAccountAndService(List<String> recordTypes) {
        return GetCostAndUsageRequest.builder()
                .timePeriod(t -> t.start(MONTH.atDay(1).toString()).end(MONTH.plusMonths(1).atDay(1).toString()))
                .granularity(Granularity.DAILY)
                .metrics("UnblendedCost", "NetUnblendedCost", "UsageQuantity")
                .groupBy(group("LINKED_ACCOUNT"), group("SERVICE"))
                .filter(Expression.builder().dimensions(d -> d.key(Dimension.RECORD_TYPE).values(recordTypes)).build())
                .build();
    }

    private static GroupDefinition group(String key) {
        return GroupDefinition.builder().type(GroupDefinitionType.DIMENSION).key(key).build();
    }

    @Test
    void dailyGroupedPagesAddUpToTheMonthTotal() {
        GetCostAndUsageRequest request = dailyByAccountAndService(RECORD_TYPES);
        BigDecimal unblended = BigDecimal.ZERO;
        BigDecimal net = BigDecimal.ZERO;
        Set<String> days = new HashSet<>();
        Set<String> accounts = new HashSet<>();
        int pages = 0;
        String token = null;
        do {
            String current = token;
            GetCostAndUsageResponse page = costExplorer.getCostAndUsage(request.toBuilder().nextPageToken(current)
                    .build());
            pages++;
            int groupsOnPage = 0;
            for (ResultByTime result : page.resultsByTime()) {
                days.add(result.timePeriod().start());
                assertThat(result.total()).isEmpty();
                assertThat(result.estimated()).isFalse();
                for (Group group : result.groups()) {
                    groupsOnPage++;
                    assertThat(group.keys()).hasSize(2);
                    accounts.add(group.keys().get(0));
                    unblended = unblended.add(new BigDecimal(group.metrics().get("UnblendedCost").amount()));
                    net = net.add(new BigDecimal(group.metrics().get("NetUnblendedCost").amount()));
                    assertThat(group.metrics().get("UnblendedCost").unit()).isEqualTo("USD");
                    assertThat(new BigDecimal(group.metrics().get("UnblendedCost").amount()).scale())
                            .isLessThanOrEqualTo(10);
                }
            }
            assertThat(groupsOnPage).isLessThanOrEqualTo(CostExplorerApi.PAGE_SIZE);
            assertThat(page.dimensionValueAttributes()).isNotEmpty()
                    .allSatisfy(attribute -> assertThat(attribute.attributes()).containsKey("description"));
            token = page.nextPageToken();
            if (token != null) {
                assertThat(groupsOnPage).isEqualTo(CostExplorerApi.PAGE_SIZE);
            }
        } while (token != null);

        assertThat(pages).isGreaterThan(2);
        assertThat(days).hasSize(MONTH.lengthOfMonth());
        assertThat(accounts).hasSize(12);
        Set<String> types = Set.copyOf(RECORD_TYPES);
        assertThat(unblended).isEqualByComparingTo(sandbox.monthTotal(payer.accountId(), MONTH, "UnblendedCost", types));
        assertThat(net).isEqualByComparingTo(sandbox.monthTotal(payer.accountId(), MONTH, "NetUnblendedCost", types));
        assertThat(net).isLessThan(unblended);
        assertThat(sandbox.requestCount("GetCostAndUsage", payer.accountId())).isGreaterThanOrEqualTo(pages);
    }

    @Test
    void monthlyTotalWithoutGroupingEqualsTheOracleAndDailyTotals() {
        GetCostAndUsageResponse monthly = costExplorer.getCostAndUsage(r -> r
                .timePeriod(t -> t.start("2026-10-01").end("2026-11-01")).granularity(Granularity.MONTHLY)
                .metrics("UnblendedCost", "AmortizedCost", "BlendedCost"));
        assertThat(monthly.resultsByTime()).hasSize(1);
        assertThat(monthly.nextPageToken()).isNull();
        ResultByTime month = monthly.resultsByTime().get(0);
        assertThat(month.groups()).isEmpty();
        for (String metric : List.of("UnblendedCost", "AmortizedCost", "BlendedCost")) {
            assertThat(new BigDecimal(month.total().get(metric).amount()))
                    .isEqualByComparingTo(sandbox.monthTotal(payer.accountId(), MONTH, metric));
        }

        GetCostAndUsageResponse daily = costExplorer.getCostAndUsage(r -> r
                .timePeriod(t -> t.start("2026-10-01").end("2026-11-01")).granularity(Granularity.DAILY)
                .metrics("UnblendedCost"));
        BigDecimal sum = daily.resultsByTime().stream()
                .map(result -> new BigDecimal(result.total().get("UnblendedCost").amount()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(daily.resultsByTime()).hasSize(31);
        assertThat(sum).isEqualByComparingTo(new BigDecimal(month.total().get("UnblendedCost").amount()));
    }

    @Test
    void everyRecordTypeAppearsAndSavingsPlansNegationCancelsCoveredUsage() {
        GetCostAndUsageResponse byType = costExplorer.getCostAndUsage(r -> r
                .timePeriod(t -> t.start("2026-10-01").end("2026-11-01")).granularity(Granularity.MONTHLY)
                .metrics("UnblendedCost").groupBy(group("RECORD_TYPE")));
        List<String> types = new ArrayList<>();
        BigDecimal covered = null;
        BigDecimal negation = null;
        for (Group group : byType.resultsByTime().get(0).groups()) {
            types.add(group.keys().get(0));
            BigDecimal amount = new BigDecimal(group.metrics().get("UnblendedCost").amount());
            switch (group.keys().get(0)) {
                case "SavingsPlanCoveredUsage" -> covered = amount;
                case "SavingsPlanNegation" -> negation = amount;
                case "Credit", "Refund" -> assertThat(amount).isNegative();
                default -> assertThat(amount).isPositive();
            }
        }
        assertThat(types).contains("Usage", "Credit", "Refund", "Tax", "Support", "SavingsPlanCoveredUsage",
                "SavingsPlanNegation", "SavingsPlanRecurringFee", "DiscountedUsage", "RIFee", "Fee");
        assertThat(covered.add(negation)).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void replayingATokenGivesTheSamePageAndAChangedRequestIsRefused() {
        GetCostAndUsageRequest request = dailyByAccountAndService(RECORD_TYPES);
        String token = costExplorer.getCostAndUsage(request).nextPageToken();
        assertThat(token).isNotNull();

        GetCostAndUsageRequest second = request.toBuilder().nextPageToken(token).build();
        GetCostAndUsageResponse once = costExplorer.getCostAndUsage(second);
        GetCostAndUsageResponse again = costExplorer.getCostAndUsage(second);
        assertThat(again.equalsBySdkFields(once)).as("replayed page equals the first answer").isTrue();

        GetCostAndUsageRequest changed = dailyByAccountAndService(List.of("Usage")).toBuilder().nextPageToken(token)
                .build();
        assertThrows(RequestChangedException.class, () -> costExplorer.getCostAndUsage(changed));
        assertThrows(InvalidNextTokenException.class,
                () -> costExplorer.getCostAndUsage(request.toBuilder().nextPageToken("bm90LWEtdG9rZW4").build()));
    }

    @Test
    void invalidRequestsAreValidationExceptions() {
        CostExplorerException threeGroups = assertThrows(CostExplorerException.class,
                () -> costExplorer.getCostAndUsage(dailyByAccountAndService(RECORD_TYPES).toBuilder()
                        .groupBy(group("LINKED_ACCOUNT"), group("SERVICE"), group("RECORD_TYPE")).build()));
        assertThat(threeGroups.statusCode()).isEqualTo(400);
        assertThat(threeGroups.awsErrorDetails().errorCode()).isEqualTo("ValidationException");

        CostExplorerException backwards = assertThrows(CostExplorerException.class, () -> costExplorer
                .getCostAndUsage(r -> r.timePeriod(t -> t.start("2026-10-02").end("2026-10-02"))
                        .granularity(Granularity.DAILY).metrics("UnblendedCost")));
        assertThat(backwards.awsErrorDetails().errorCode()).isEqualTo("ValidationException");

        CostExplorerException twoOperators = assertThrows(CostExplorerException.class, () -> costExplorer
                .getCostAndUsage(r -> r.timePeriod(t -> t.start("2026-10-01").end("2026-10-02"))
                        .granularity(Granularity.DAILY).metrics("UnblendedCost")
                        .filter(f -> f.dimensions(d -> d.key(Dimension.SERVICE).values("Tax"))
                                .not(n -> n.dimensions(d -> d.key(Dimension.RECORD_TYPE).values("Tax"))))));
        assertThat(twoOperators.awsErrorDetails().errorMessage()).contains("one root operator");

        CostExplorerException unknownMetric = assertThrows(CostExplorerException.class, () -> costExplorer
                .getCostAndUsage(r -> r.timePeriod(t -> t.start("2026-10-01").end("2026-10-02"))
                        .granularity(Granularity.DAILY).metrics("Dollars")));
        assertThat(unknownMetric.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    }

    @Test
    void filtersCombineWithAndOrNot() {
        String account = payer.accountId();
        String ec2 = "Amazon Elastic Compute Cloud - Compute";
        Expression ownAccount = Expression.builder()
                .dimensions(d -> d.key(Dimension.LINKED_ACCOUNT).values(account)).build();
        Expression notTaxNorEc2 = Expression.builder().not(n -> n.or(
                Expression.builder().dimensions(d -> d.key(Dimension.RECORD_TYPE).values("Tax")).build(),
                Expression.builder().dimensions(d -> d.key(Dimension.SERVICE).values(ec2)).build())).build();
        Expression ec2Only = Expression.builder().dimensions(d -> d.key(Dimension.SERVICE).values(ec2)).build();

        GetCostAndUsageResponse filtered = monthByAccountAndRecordType(Expression.builder()
                .and(ownAccount, notTaxNorEc2).build());
        GetCostAndUsageResponse everything = monthByAccountAndRecordType(ownAccount);
        GetCostAndUsageResponse ec2Part = monthByAccountAndRecordType(Expression.builder()
                .and(ownAccount, ec2Only).build());

        List<Group> groups = filtered.resultsByTime().get(0).groups();
        assertThat(groups).isNotEmpty().allSatisfy(g -> assertThat(g.keys()).element(0).isEqualTo(account));
        assertThat(groups).extracting(g -> g.keys().get(1)).doesNotContain("Tax").contains("Usage");
        assertThat(everything.resultsByTime().get(0).groups()).extracting(g -> g.keys().get(1)).contains("Tax");
        assertThat(usage(filtered)).isEqualByComparingTo(usage(everything).subtract(usage(ec2Part)));
        assertThat(filtered.dimensionValueAttributes()).singleElement().satisfies(a -> {
            assertThat(a.value()).isEqualTo(account);
            assertThat(a.attributes()).containsEntry("description", payer.customerName() + " (management)");
        });
    }

    private static GetCostAndUsageResponse monthByAccountAndRecordType(Expression filter) {
        return costExplorer.getCostAndUsage(r -> r
                .timePeriod(t -> t.start("2026-10-01").end("2026-11-01")).granularity(Granularity.MONTHLY)
                .metrics("UnblendedCost").groupBy(group("LINKED_ACCOUNT"), group("RECORD_TYPE")).filter(filter));
    }

    private static BigDecimal usage(GetCostAndUsageResponse response) {
        return response.resultsByTime().get(0).groups().stream().filter(g -> g.keys().get(1).equals("Usage"))
                .map(g -> new BigDecimal(g.metrics().get("UnblendedCost").amount()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void callersSeeOnlyTheirOwnOrganisationOrAccount() {
        SandboxPayer member = sandbox.problemPayers().get(1);
        AwsSessionCredentials memberCredentials = clients.assume(member.accountId());
        GetCostAndUsageResponse memberView = clients.costExplorer(memberCredentials).getCostAndUsage(r -> r
                .timePeriod(t -> t.start("2026-10-01").end("2026-11-01")).granularity(Granularity.MONTHLY)
                .metrics("UnblendedCost").groupBy(group("LINKED_ACCOUNT")));
        assertThat(memberView.resultsByTime().get(0).groups()).singleElement()
                .satisfies(g -> assertThat(g.keys()).containsExactly(member.accountId()));

        String otherPayer = sandbox.payers().get(1).accountId();
        GetCostAndUsageResponse foreign = costExplorer.getCostAndUsage(r -> r
                .timePeriod(t -> t.start("2026-10-01").end("2026-11-01")).granularity(Granularity.MONTHLY)
                .metrics("UnblendedCost").groupBy(group("LINKED_ACCOUNT"))
                .filter(f -> f.dimensions(d -> d.key(Dimension.LINKED_ACCOUNT).values(otherPayer))));
        assertThat(foreign.resultsByTime().get(0).groups()).isEmpty();
    }

    @Test
    void unknownAndExpiredCredentialsAreRefused() throws Exception {
        AwsSessionCredentials unknown = AwsSessionCredentials.create("ASIAUNKNOWNKEY000000", "secret", "token");
        CostExplorerException unrecognised = assertThrows(CostExplorerException.class, () -> clients
                .costExplorer(unknown).getCostAndUsage(dailyByAccountAndService(RECORD_TYPES)));
        assertThat(unrecognised.statusCode()).isEqualTo(403);
        assertThat(unrecognised.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");

        try (AwsSandbox shortLived = AwsSandbox.start(SandboxOptions.defaults().withCredentialLifetime(Duration.ZERO));
                SdkClients shortClients = new SdkClients(shortLived)) {
            AwsSessionCredentials expired = shortClients.assume(shortLived.payers().get(0).accountId());
            CostExplorerException refused = assertThrows(CostExplorerException.class, () -> shortClients
                    .costExplorer(expired).getCostAndUsage(dailyByAccountAndService(RECORD_TYPES)));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
        }
    }

    @Test
    void throttlingSurfacesAsLimitExceededAndEstimatedIsReported() throws Exception {
        SandboxOptions options = SandboxOptions.defaults().withEstimated(true).withFaults("throttle=0.5");
        try (AwsSandbox faulty = AwsSandbox.start(options); SdkClients faultyClients = new SdkClients(faulty)) {
            AwsSessionCredentials credentials = null;
            while (credentials == null) {
                try {
                    credentials = faultyClients.assume(faulty.payers().get(0).accountId());
                } catch (software.amazon.awssdk.services.sts.model.StsException e) {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
                }
            }
            CostExplorerClient client = faultyClients.costExplorer(credentials);
            int throttled = 0;
            int answered = 0;
            for (int i = 0; i < 20; i++) {
                try {
                    GetCostAndUsageResponse response = client.getCostAndUsage(r -> r
                            .timePeriod(t -> t.start("2026-10-01").end("2026-10-03")).granularity(Granularity.DAILY)
                            .metrics("UnblendedCost"));
                    assertThat(response.resultsByTime()).allMatch(ResultByTime::estimated);
                    answered++;
                } catch (LimitExceededException e) {
                    assertThat(e.statusCode()).isEqualTo(400);
                    throttled++;
                }
            }
            assertThat(throttled).isPositive();
            assertThat(answered).isPositive();
            assertThat(faulty.requestCount("GetCostAndUsage")).isEqualTo(20);
        }
    }
}

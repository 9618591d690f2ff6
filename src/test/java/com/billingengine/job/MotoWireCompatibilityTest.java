package com.billingengine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.MotoServer;
import com.billingengine.cli.Cli;
import com.billingengine.export.ExportContract;
import com.billingengine.pricing.ChargeType;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The engine's real AWS SDK clients against moto_server (a third-party emulator): STS AssumeRoleWithWebIdentity,
 * Organizations ListAccounts and Cost Explorer GetCostAndUsage speak the real wire protocols, end to end through
 * the command line. moto must be installed (it is on the development and CI machines): without it this test fails.
 */
class MotoWireCompatibilityTest {

    /** moto's default account: the dummy credentials act in it, so it becomes the management account. */
    static final String PAYER = "123456789012";
    static final String ROLE_ARN = "arn:aws:iam::" + PAYER + ":role/SWOOpenIDCAssumeBillingOnlyRole";
    static final String CUSTOMER = "C-9001";
    static final List<String> SERVICES = List.of("Amazon Elastic Compute Cloud - Compute",
            "Amazon Simple Storage Service", "AWS Lambda");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path work;

    static MotoServer moto;
    static String endpoint;

    /** One cost line as queued in moto: a Cost Explorer group of one day. */
    record Cost(String recordType, String accountId, String service, LocalDate day, BigDecimal unblended,
            BigDecimal netUnblended) {
    }

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start(work);
        endpoint = moto.endpoint();
    }

    @AfterAll
    static void stopMoto() throws InterruptedException {
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void motoAssumesTheDefaultBillingRoleWithAnyTokenInThePayerAccount() {
        try (StsClient anonymous = StsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            Credentials credentials = anonymous.assumeRoleWithWebIdentity(r -> r.roleArn(ROLE_ARN)
                    .roleSessionName("moto-check").webIdentityToken(webIdentityToken())).credentials();
            try (StsClient assumed = StsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                            credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())))
                    .build()) {
                // the role was never created in moto: it does not check, and the credentials act in the role's account
                assertThat(assumed.getCallerIdentity().account()).isEqualTo(PAYER);
            }
        }
    }

    @Test
    void theEngineBillsWhatMotoServes() throws Exception {
        Map<String, String> names = createOrganization(4);
        List<String> linked = new ArrayList<>(names.keySet());
        String period = Cli.lastMonth();
        YearMonth month = YearMonth.parse(period);

        Path data = work.resolve("data");
        Path tokenFile = work.resolve("web-identity-token");
        Files.writeString(tokenFile, webIdentityToken());
        Path payers = work.resolve("payers.csv");
        Files.writeString(payers, "payer_account_id,customer_id,customer_name,currency,role_arn,status\n"
                + PAYER + "," + CUSTOMER + ",Moto Wire Test Ltd,USD,,PENDING\n");
        Cli.Result imported = Cli.run("--data-dir", data.toString(), "payers", "import", payers.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        // onboarding as for a customer, before any Cost Explorer answer is queued (moto answers it with an empty month)
        Cli.Result validated = Cli.run("--data-dir", data.toString(), "--aws-endpoint", endpoint, "--auth-mode",
                "token-file", "--token-file", tokenFile.toString(), "payers", "validate", "--pending");
        assertThat(validated.exitCode()).as(validated.toString()).isZero();

        // Credit (one page), then Usage in two pages: the order in which the engine asks, Credit sorting first
        List<Cost> credit = new ArrayList<>();
        for (int a = 0; a < 2; a++) {
            credit.add(cost("Credit", linked.get(a), SERVICES.get(a), month.atDay(1),
                    new BigDecimal("-5.25").multiply(BigDecimal.valueOf(a + 1))));
        }
        List<Cost> usagePage1 = usage(linked, month.atDay(1), month.atDay(2));
        List<Cost> usagePage2 = usage(linked, month.atDay(3), month.atDay(4));
        List<Cost> all = new ArrayList<>(credit);
        all.addAll(usagePage1);
        all.addAll(usagePage2);

        queueCostAndUsage(List.of(monthly(month, all), daily(credit, null), daily(usagePage1, "p2"),
                daily(usagePage2, null)));


        // moto hands the queued answers out in the order the requests arrive: one query at a time keeps that order
        // (Credit, then Usage); the engine's parallel queries would take them in any order
        Cli.Result run;
        System.setProperty("billing.costs.queries-per-payer", "1");
        try {
            run = Cli.run("--data-dir", data.toString(), "--aws-endpoint", endpoint, "--auth-mode", "token-file",
                    "--token-file", tokenFile.toString(), "run", "--period", period);
        } finally {
            System.clearProperty("billing.costs.queries-per-payer");
        }

        assertThat(run.exitCode()).as(run.toString()).isZero();
        // 1 MONTHLY request for the record types (its groups are also the month total reconciliation checks), then
        // Credit, Usage page 1 and Usage page 2
        assertThat(run.out()).contains("Billing run " + period + " rev-1: COMPLETED", "payers: 1",
                "accounts: " + names.size(), "cost lines: " + all.size(), "Cost Explorer requests: 4 ");
        Path export = data.resolve("exports").resolve(period).resolve("rev-1");
        ExportContract.verify(export);

        Map<String, BigDecimal> expected = all.stream().collect(Collectors.groupingBy(MotoWireCompatibilityTest::key,
                TreeMap::new, Collectors.reducing(BigDecimal.ZERO, Cost::unblended, BigDecimal::add)));
        Map<String, BigDecimal> actual = new TreeMap<>();
        List<String[]> rows = ExportContract.csvRows(export.resolve("invoice-lines.csv"));
        for (String[] row : rows.subList(1, rows.size())) {
            assertThat(row[1]).isEqualTo(period);
            assertThat(row[2]).isEqualTo(CUSTOMER);
            assertThat(row[3]).isEqualTo(PAYER);
            assertThat(row[5]).as("name of account %s", row[4]).isEqualTo(names.get(row[4]));
            assertThat(row[10]).isEqualTo("USD");
            actual.put(row[4] + "|" + row[6] + "|" + row[7], new BigDecimal(row[8]));
        }
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((line, cost) -> assertThat(actual.get(line)).as(line).isEqualByComparingTo(cost));
    }

    /** Creates the organisation in moto's default account and some member accounts; returns every account's name. */
    private static Map<String, String> createOrganization(int members) {
        try (OrganizationsClient organizations = OrganizationsClient.builder().endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            String management = organizations.createOrganization(r -> r.featureSet(OrganizationFeatureSet.ALL))
                    .organization().masterAccountId();
            assertThat(management).isEqualTo(PAYER);
            for (int i = 1; i <= members; i++) {
                String name = "Moto Member " + i;
                organizations.createAccount(r -> r.accountName(name).email(name.replace(' ', '.') + "@example.com"));
            }
            Map<String, String> names = organizations.listAccountsPaginator(r -> r.maxResults(20)).stream()
                    .flatMap(page -> page.accounts().stream())
                    .collect(Collectors.toMap(Account::id, Account::name, (x, y) -> x, LinkedHashMap::new));
            assertThat(names).hasSize(members + 1).containsKey(PAYER);
            return names;
        }
    }

    /** Usage of every account on a few services per day, some combinations absent, amounts with 10 decimals. */
    private static List<Cost> usage(List<String> accounts, LocalDate... days) {
        List<Cost> costs = new ArrayList<>();
        for (LocalDate day : days) {
            for (int a = 0; a < accounts.size(); a++) {
                for (int s = 0; s < SERVICES.size(); s++) {
                    if ((a + s + day.getDayOfMonth()) % 3 != 0) {
                        long fraction = (a * 7919L + s * 104729L + day.getDayOfMonth() * 15485863L) % 10_000_000_000L;
                        costs.add(cost("Usage", accounts.get(a), SERVICES.get(s), day,
                                new BigDecimal(String.format("%d.%010d", a + s + 1, fraction))));
                    }
                }
            }
        }
        return costs;
    }

    private static Cost cost(String recordType, String account, String service, LocalDate day, BigDecimal unblended) {
        // net differs from unblended so that billing the wrong metric shows
        return new Cost(recordType, account, service, day, unblended, unblended.subtract(new BigDecimal("0.01")));
    }

    private static String key(Cost cost) {
        return cost.accountId() + "|" + cost.service() + "|" + ChargeType.fromRecordType(cost.recordType()).code();
    }

    /** The MONTHLY response grouped by RECORD_TYPE. */
    private static ObjectNode monthly(YearMonth month, List<Cost> costs) {
        ObjectNode response = JSON.createObjectNode();
        response.putArray("GroupDefinitions").addObject().put("Type", "DIMENSION").put("Key", "RECORD_TYPE");
        ObjectNode result = response.putArray("ResultsByTime").addObject();
        result.putObject("TimePeriod").put("Start", month.atDay(1).toString())
                .put("End", month.plusMonths(1).atDay(1).toString());
        result.putObject("Total");
        ArrayNode groups = result.putArray("Groups");
        costs.stream().collect(Collectors.groupingBy(Cost::recordType, TreeMap::new, Collectors.toList()))
                .forEach((type, ofType) -> {
                    ObjectNode group = groups.addObject();
                    group.putArray("Keys").add(type);
                    ObjectNode metrics = group.putObject("Metrics");
                    metric(metrics, "UnblendedCost", ofType.stream().map(Cost::unblended)
                            .reduce(BigDecimal.ZERO, BigDecimal::add));
                    metric(metrics, "NetUnblendedCost", ofType.stream().map(Cost::netUnblended)
                            .reduce(BigDecimal.ZERO, BigDecimal::add));
                });
        result.put("Estimated", false);
        response.putArray("DimensionValueAttributes");
        return response;
    }

    /** A DAILY page grouped by LINKED_ACCOUNT and SERVICE, one ResultsByTime entry per day. */
    private static ObjectNode daily(List<Cost> costs, String nextPageToken) {
        ObjectNode response = JSON.createObjectNode();
        if (nextPageToken != null) {
            response.put("NextPageToken", nextPageToken);
        }
        ArrayNode definitions = response.putArray("GroupDefinitions");
        definitions.addObject().put("Type", "DIMENSION").put("Key", "LINKED_ACCOUNT");
        definitions.addObject().put("Type", "DIMENSION").put("Key", "SERVICE");
        ArrayNode results = response.putArray("ResultsByTime");
        Map<LocalDate, List<Cost>> byDay = costs.stream().collect(Collectors.groupingBy(Cost::day, TreeMap::new,
                Collectors.toList()));
        byDay.forEach((day, ofDay) -> {
            ObjectNode result = results.addObject();
            result.putObject("TimePeriod").put("Start", day.toString()).put("End", day.plusDays(1).toString());
            result.putObject("Total");
            ArrayNode groups = result.putArray("Groups");
            for (Cost cost : ofDay) {
                ObjectNode group = groups.addObject();
                group.putArray("Keys").add(cost.accountId()).add(cost.service());
                ObjectNode metrics = group.putObject("Metrics");
                metric(metrics, "UnblendedCost", cost.unblended());
                metric(metrics, "NetUnblendedCost", cost.netUnblended());
            }
            result.put("Estimated", false);
        });
        response.putArray("DimensionValueAttributes");
        return response;
    }

    private static void metric(ObjectNode metrics, String name, BigDecimal amount) {
        metrics.putObject(name).put("Amount", amount.toPlainString()).put("Unit", "USD");
    }

    /** moto hands queued responses out per account (that of the caller's credentials), a new body taking the next. */
    private static void queueCostAndUsage(List<ObjectNode> responses) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("account_id", PAYER);
        responses.forEach(body.putArray("results")::add);
        HttpResponse<String> response = HTTP.send(HttpRequest
                .newBuilder(URI.create(endpoint + "/moto-api/static/ce/cost-and-usage-results"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /** Any JWT-shaped string: moto does not verify web identity tokens. */
    private static String webIdentityToken() {
        return "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtb3RvLXdpcmUtdGVzdCIsImF1ZCI6ImFwaTovL2JpbGxpbmcifQ.c2lnbmF0dXJl";
    }
}

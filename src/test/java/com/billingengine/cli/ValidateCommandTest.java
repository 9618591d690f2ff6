package com.billingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;
import com.billingengine.sandbox.SandboxPayer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** `payers validate` against the sandbox: healthy payers pass and become ACTIVE, broken stacks fail with a remedy. */
class ValidateCommandTest {

    private static SandboxPayer healthy;
    private static SandboxPayer wrongAudience;
    private static SandboxPayer member;
    private static SandboxPayer standalone;

    @TempDir
    Path tmp;

    @BeforeAll
    static void sandboxPayers() {
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults())) {
            healthy = sandbox.payers().get(0);
            List<SandboxPayer> problems = sandbox.problemPayers();
            wrongAudience = problems.stream().filter(p -> p.customerId().equals("C-9001")).findFirst().orElseThrow();
            member = problems.stream().filter(p -> p.customerId().equals("C-9002")).findFirst().orElseThrow();
            standalone = problems.stream().filter(p -> p.customerId().equals("C-9003")).findFirst().orElseThrow();
        }
    }

    private String dataDir() {
        return tmp.resolve("data").toString();
    }

    private Cli.Result validate(String payer) {
        return Cli.run("--data-dir", dataDir(), "--sandbox", "payers", "validate", "--payer", payer);
    }

    /** The first --sandbox command seeds the sandbox's problem accounts as PENDING payers. */
    private void seeded(SandboxPayer p) throws Exception {
        Cli.Result seeded = Cli.run("--data-dir", dataDir(), "--sandbox", "payers", "list");
        assertThat(seeded.exitCode()).as(seeded.toString()).isZero();
        assertThat(status(p.accountId())).isEqualTo("PENDING");
    }

    private void add(SandboxPayer p) {
        Cli.Result added = Cli.run("--data-dir", dataDir(), "payers", "add", "--payer", p.accountId(), "--customer-id",
                "C-9", "--customer-name", "X", "--currency", "USD");
        assertThat(added.exitCode()).as(added.toString()).isZero();
    }

    private static String line(String out, String check) {
        return out.lines().filter(l -> l.startsWith(check)).findFirst().orElseThrow(() -> new AssertionError(
                "no row " + check + " in\n" + out));
    }

    private static String remedyAfter(String out, String check) {
        List<String> lines = out.lines().toList();
        int row = lines.indexOf(line(out, check));
        return lines.get(row + 1);
    }

    @Test
    void aHealthyPendingPayerPassesEveryCheckAndBecomesActive() throws Exception {
        add(healthy);
        assertThat(status(healthy.accountId())).isEqualTo("PENDING");

        Cli.Result result = validate(healthy.accountId());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        for (String check : List.of("sign-in", "sts:AssumeRoleWithWebIdentity", "sts:GetCallerIdentity",
                "organizations:ListAccounts", "organizations:DescribeAccount", "ce:GetCostAndUsage")) {
            assertThat(line(result.out(), check)).contains(" PASS ");
        }
        assertThat(result.out()).doesNotContain("FAIL", "WARN", "SKIPPED", "remedy")
                .contains("assumed-role/SWOOpenIDCAssumeBillingOnlyRole/", "all 6 checks passed");
        JsonNode listed = payer(healthy.accountId());
        assertThat(listed.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(listed.path("validatedAt").isNull()).isFalse();
    }

    @Test
    void aRoleWhoseTrustRejectsOurTokenFailsAtAssumeRoleAndSkipsTheRest() throws Exception {
        seeded(wrongAudience);

        Cli.Result result = validate(wrongAudience.accountId());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(line(result.out(), "sign-in")).contains(" PASS ");
        assertThat(line(result.out(), "sts:AssumeRoleWithWebIdentity")).contains(" FAIL ", "AccessDenied");
        assertThat(remedyAfter(result.out(), "sts:AssumeRoleWithWebIdentity"))
                .contains("remedy:", "trust policy", "aud api://", "SelectedEnvironment=Prod");
        for (String later : List.of("sts:GetCallerIdentity", "organizations:ListAccounts",
                "organizations:DescribeAccount", "ce:GetCostAndUsage")) {
            assertThat(line(result.out(), later)).contains(" SKIPPED ");
        }
        assertThat(payer(wrongAudience.accountId()).path("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void aMemberAccountFailsTheOrganizationsCheckNamingTheManagementAccount() throws Exception {
        seeded(member);

        Cli.Result result = validate(member.accountId());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(line(result.out(), "sts:AssumeRoleWithWebIdentity")).contains(" PASS ");
        assertThat(line(result.out(), "sts:GetCallerIdentity")).contains(" PASS ");
        assertThat(line(result.out(), "organizations:ListAccounts")).contains(" FAIL ", "AccessDeniedException");
        assertThat(remedyAfter(result.out(), "organizations:ListAccounts"))
                .contains("not the management account", "register the organisation's management (payer) account");
        assertThat(line(result.out(), "organizations:DescribeAccount")).contains(" SKIPPED ");
        assertThat(payer(member.accountId()).path("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void anAccountOutsideAnyOrganisationFailsTheOrganizationsCheck() throws Exception {
        seeded(standalone);

        Cli.Result result = validate(standalone.accountId());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(line(result.out(), "organizations:ListAccounts"))
                .contains(" FAIL ", "AWSOrganizationsNotInUseException");
        assertThat(remedyAfter(result.out(), "organizations:ListAccounts"))
                .contains("no organisation", "management (payer) account");
    }

    @Test
    void aSuspendedOrOffboardedPayerPassesButKeepsItsStatus() throws Exception {
        add(healthy);
        Cli.Result suspended = Cli.run("--data-dir", dataDir(), "payers", "suspend", "--payer", healthy.accountId(),
                "--from", Cli.lastMonth(), "--reason", "unpaid");
        assertThat(suspended.exitCode()).as(suspended.toString()).isZero();

        Cli.Result result = validate(healthy.accountId());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("all 6 checks passed", "payer " + healthy.accountId()
                + " passed and stays SUSPENDED").doesNotContain("is ACTIVE");
        assertThat(status(healthy.accountId())).isEqualTo("SUSPENDED");

        Cli.Result offboarded = Cli.run("--data-dir", dataDir(), "--sandbox", "payers", "offboard", "--payer", healthy.accountId(),
                "--last-period", Cli.lastMonth());
        assertThat(offboarded.exitCode()).as(offboarded.toString()).isZero();
        Cli.Result again = validate(healthy.accountId());
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("passed and stays OFFBOARDED");
        assertThat(status(healthy.accountId())).isEqualTo("OFFBOARDED");
    }

    @Test
    void payersAddNeverCreatesAnActivePayerThatWasNotValidated() throws Exception {
        Cli.Result result = Cli.run("--data-dir", dataDir(), "payers", "add", "--payer", healthy.accountId(),
                "--customer-id", "C-9", "--customer-name", "X", "--currency", "USD", "--status", "ACTIVE");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("--status ACTIVE is refused", "payers validate --payer "
                + healthy.accountId());
        assertThat(tmp.resolve("data")).as("nothing written").doesNotExist();
    }

    @Test
    void anUnregisteredPayerIsBadInputNamingTheIdAndPayersAdd() {
        Cli.Result result = validate("999999999999");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("999999999999", "payers add");
        assertThat(result.out()).doesNotContain("PASS", "FAIL");
    }

    @Test
    void aMalformedIdIsBadInputBeforeAnythingIsWritten() {
        Cli.Result result = validate("12345");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("'12345'");
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    private String status(String payerId) throws Exception {
        return payer(payerId).path("status").asString();
    }

    private JsonNode payer(String payerId) throws Exception {
        Cli.Result list = Cli.run("--data-dir", dataDir(), "payers", "list", "--json");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        for (JsonNode p : new ObjectMapper().readTree(list.out())) {
            if (p.path("payerAccountId").asString().equals(payerId)) {
                return p;
            }
        }
        throw new AssertionError("payer " + payerId + " not listed:\n" + list.out());
    }
}

package com.billingengine.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.billingengine.onboarding.ValidationReport.Check;
import com.billingengine.onboarding.ValidationReport.Result;

class ValidationReportTest {

    private static ValidationReport report(Check... checks) {
        return new ValidationReport("111122223333", "Contoso GmbH",
                "arn:aws:iam::111122223333:role/SWOOpenIDCAssumeBillingOnlyRole", "2026-10", List.of(checks));
    }

    @Test
    void warningsPassButFailuresAndSkipsDoNot() {
        assertThat(report(Check.pass("a", "ok"), new Check("b", Result.WARN, "estimated", "wait")).passed()).isTrue();
        assertThat(report(Check.pass("a", "ok"), new Check("b", Result.FAIL, "denied", "fix")).passed()).isFalse();
        assertThat(report(Check.pass("a", "ok"), Check.skipped("b", "a")).passed()).isFalse();
    }

    @Test
    void rendersOneAlignedRowPerCheckWithEachRemedyUnderItsCheck() {
        ValidationReport report = report(Check.pass("sign-in", "token obtained"),
                new Check("sts:AssumeRoleWithWebIdentity", Result.FAIL, "AccessDenied (HTTP 403): no",
                        "redeploy the stack"),
                Check.skipped("ce:GetCostAndUsage", "sts:AssumeRoleWithWebIdentity"));

        assertThat(report.render()).isEqualTo("""
                payer 111122223333 (Contoso GmbH), role arn:aws:iam::111122223333:role/SWOOpenIDCAssumeBillingOnlyRole, \
                Cost Explorer month 2026-10
                CHECK                          RESULT   DETAIL
                sign-in                        PASS     token obtained
                sts:AssumeRoleWithWebIdentity  FAIL     AccessDenied (HTTP 403): no
                                                        remedy: redeploy the stack
                ce:GetCostAndUsage             SKIPPED  not run: sts:AssumeRoleWithWebIdentity did not pass
                1 check(s) failed, 1 skipped
                """);
    }

    @Test
    void aPassingReportSaysHowManyChecksPassedAndCountsWarnings() {
        assertThat(report(Check.pass("a", "ok"), new Check("b", Result.WARN, "estimated", "wait")).render())
                .endsWith("all 2 checks passed (1 warning(s))\n");
    }
}

package com.billingengine.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import com.billingengine.onboarding.OnboardingValidation;
import com.billingengine.onboarding.ValidationReport;
import com.billingengine.payers.PayerFields;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validates a customer's OpenID stack: signs in, assumes the payer's billing role, checks the "
                + "caller identity, lists the organisation's accounts, describes the payer account and reads one "
                + "Cost Explorer month (one request, USD 0.01).",
                "Prints PASS / WARN / FAIL / SKIPPED per check with a remedy for each failure. When all pass, a "
                + "PENDING payer becomes ACTIVE; a SUSPENDED or OFFBOARDED one stays so (only `payers resume` bills "
                + "it again). Exit 0 passed, 1 a check failed, 2 the payer is not registered."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--payer", required = true, paramLabel = "ID", description = "The registered payer account id.")
    String payer;

    @Override
    public Integer call() {
        String id = PayerFields.accountId(payer);
        ValidationReport report;
        com.billingengine.payers.PayerStatus status;
        try (Engine engine = Engine.start(BillingEngineCli.global(spec), Engine.Use.AWS)) {
            report = engine.bean(OnboardingValidation.class).validate(id);
            status = engine.bean(com.billingengine.payers.PayerRegistry.class).find(id).orElseThrow().status();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.render());
        // validation onboards; it never changes the lifecycle: a suspended or offboarded payer stays so
        out.println(!report.passed()
                ? "payer " + id + " did not pass: its status is unchanged; fix the failures and validate again"
                : status == com.billingengine.payers.PayerStatus.ACTIVE
                        ? "payer " + id + " is ACTIVE: it will be billed from the next run"
                        : "payer " + id + " passed and stays " + status + " (validation never changes that; "
                                + (status == com.billingengine.payers.PayerStatus.SUSPENDED
                                        ? "`payers resume --payer " + id + " --from YYYY-MM` bills it again)"
                                        : "it is never billed again)"));
        out.flush();
        return report.passed() ? BillingEngineCli.OK : BillingEngineCli.FAILED;
    }
}

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
                "Prints PASS / WARN / FAIL / SKIPPED per check with a remedy for each failure. When all pass, the "
                + "payer becomes ACTIVE. Exit 0 passed, 1 a check failed, 2 the payer is not registered."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--payer", required = true, paramLabel = "ID", description = "The registered payer account id.")
    String payer;

    @Override
    public Integer call() {
        String id = PayerFields.accountId(payer);
        ValidationReport report;
        try (Engine engine = Engine.start(BillingEngineCli.global(spec), Engine.Use.AWS)) {
            report = engine.bean(OnboardingValidation.class).validate(id);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.render());
        out.println(report.passed()
                ? "payer " + id + " is ACTIVE: it will be billed from the next run"
                : "payer " + id + " did not pass: its status is unchanged; fix the failures and validate again");
        out.flush();
        return report.passed() ? BillingEngineCli.OK : BillingEngineCli.FAILED;
    }
}

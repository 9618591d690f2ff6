package com.billingengine.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import com.billingengine.batch.InParallel;
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
                + "it again). With --pending every payer not yet validated (after `payers import`), billing.job.concurrency at a time."
                + " Exit 0 passed, 1 a check failed, 2 the payer is not registered."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.ArgGroup(multiplicity = "1")
    Which which;

    /** One payer, or every one not yet validated. */
    static final class Which {
        @Option(names = "--payer", required = true, paramLabel = "ID", description = "The registered payer account id.")
        String payer;

        @Option(names = "--pending", required = true,
                description = "Every payer not yet validated (e.g. all of a `payers import`), billing.job.concurrency at"
                        + " a time, reported in the registry's order.")
        boolean pending;
    }

    @Override
    public Integer call() {
        String one = which.payer == null ? null : PayerFields.accountId(which.payer);
        PrintWriter out = spec.commandLine().getOut();
        boolean passed = true;
        try (Engine engine = Engine.start(BillingEngineCli.global(spec), Engine.Use.AWS)) {
            com.billingengine.payers.PayerRegistry registry = engine.bean(com.billingengine.payers.PayerRegistry.class);
            List<String> ids = one != null ? List.of(one) : registry.notValidated();
            if (ids.isEmpty()) {
                out.println("every registered payer is validated: nothing to do");
            }
            OnboardingValidation validation = engine.bean(OnboardingValidation.class);
            // a reseller's import is thousands of payers of a few requests each: validated billing.job.concurrency
            // at a time, as check reads them; reported in the import's order
            List<ValidationReport> reports = InParallel.map(ids,
                    engine.bean(com.billingengine.BillingProperties.class).job().concurrency(), validation::validate);
            List<String> failed = new java.util.ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                ValidationReport report = reports.get(i);
                print(out, ids.get(i), report, registry.find(ids.get(i)).orElseThrow().status());
                passed &= report.passed();
                if (!report.passed()) {
                    failed.add(ids.get(i));
                }
            }
            if (which.pending && !ids.isEmpty()) {
                // thousands of reports scroll by: the outcome in one line at the end
                out.println("validated " + ids.size() + " pending payer(s): " + (ids.size() - failed.size())
                        + " passed, " + failed.size() + " did not" + (failed.isEmpty() ? ""
                                : " (" + String.join(", ", failed.subList(0, Math.min(10, failed.size())))
                                        + (failed.size() > 10 ? ", …" : "") + "; their reports are above)"));
            }
        }
        out.flush();
        return passed ? BillingEngineCli.OK : BillingEngineCli.FAILED;
    }

    private static void print(PrintWriter out, String id, ValidationReport report,
            com.billingengine.payers.PayerStatus status) {
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
    }
}

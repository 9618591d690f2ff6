package com.billingengine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.billingengine.export.Release;
import com.billingengine.job.BillingJobLauncher;
import com.billingengine.period.BillingPeriod;
import com.billingengine.report.FinanceReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code approve} and {@code reject}: finance's decision on a revision that awaits approval
 * ({@code billing.export.approval: required}). Who decided is named with {@code --by}; when is the database's clock.
 */
final class ReleaseCommands {

    private ReleaseCommands() {
    }

    /** The revision a decision is about, and who makes it. */
    abstract static class Decision {

        @Spec
        CommandSpec spec;

        @Option(names = "--period", required = true, paramLabel = "YYYY-MM", description = "The billing period.")
        String period;

        @Option(names = "--revision", required = true, paramLabel = "N", description = "The revision awaiting approval.")
        int revision;

        @Option(names = "--by", required = true, paramLabel = "NAME", description = "Who decides (recorded).")
        String by;

        BillingPeriod period() {
            if (revision < 1) {
                throw new IllegalArgumentException("--revision " + revision + ": revisions start at 1");
            }
            return BillingPeriod.parse(period);
        }

        static String required(String option, String text) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException(option + " must not be blank");
            }
            return text.strip();
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = {
            "Publishes a revision awaiting approval: its pending folder (exports/YYYY-MM/rev-N.pending, the files the "
                    + "job wrote and report.html) becomes exports/YYYY-MM/rev-N in one rename, the revision counts as "
                    + "exported from then on (what a rerun corrects and check compares with), and it is delivered to "
                    + "billing.export.delivery. Records who (--by) and when.",
            "Exit 3 for a revision that does not exist, is not awaiting approval or is voided, or while another process"
                    + " holds its lease (its job, or another approve or reject). An approved one whose "
                    + "delivery failed is delivered again; exit 1 when the delivery fails (approve again to send the"
                    + " rest)."})
    static final class Approve extends Decision implements Callable<Integer> {

        @Override
        public Integer call() {
            BillingPeriod billingPeriod = period();
            String who = required("--by", by);
            Release.Approved approved;
            try (Engine engine = Engine.start(BillingEngineCli.global(spec), Engine.Use.TABLES)) {
                approved = engine.bean(BillingJobLauncher.class).decide(billingPeriod, revision,
                        () -> engine.bean(Release.class).approve(billingPeriod, revision, who));
                try {
                    // the published page names who approved it when (finance reviewed it pending)
                    engine.bean(FinanceReport.class).write(billingPeriod, revision);
                } catch (java.io.IOException | RuntimeException e) {
                    spec.commandLine().getErr().println("warning: report.html not redrawn: " + e.getMessage());
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Billing run " + billingPeriod + " rev-" + revision + ": "
                    + (approved.again() ? "already APPROVED; delivering again" : "APPROVED by " + who)
                    + ", published " + approved.folder());
            if (approved.delivered() != null) {
                out.println("  " + approved.delivered().describe());
            }
            out.flush();
            if (approved.deliveryFailure() != null) {
                spec.commandLine().getErr().println("error: delivery failed: " + approved.deliveryFailure()
                        + "; the revision is approved and published: send the rest with `approve --period "
                        + billingPeriod + " --revision " + revision + " --by " + who + "`");
                spec.commandLine().getErr().flush();
                return BillingEngineCli.FAILED;
            }
            return BillingEngineCli.OK;
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = {
            "Voids a revision awaiting approval: it is never published, delivered or corrected against; its files "
                    + "stay in exports/YYYY-MM/rev-N.voided for audit. The next `run --period P --rerun` makes a new "
                    + "revision whose correction is against the last approved one. Records who, when and why.",
            "Exit 3 for a revision that does not exist or is not awaiting approval."})
    static final class Reject extends Decision implements Callable<Integer> {

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (recorded).")
        String reason;

        @Override
        public Integer call() {
            BillingPeriod billingPeriod = period();
            String who = required("--by", by);
            String why = required("--reason", reason);
            Path voided;
            try (Engine engine = Engine.start(BillingEngineCli.global(spec), Engine.Use.TABLES)) {
                voided = engine.bean(BillingJobLauncher.class).decide(billingPeriod, revision,
                        () -> engine.bean(Release.class).reject(billingPeriod, revision, who, why));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Billing run " + billingPeriod + " rev-" + revision + ": VOIDED by " + who + " (" + why
                    + "); its files stay in " + voided + "; bill the period again with `run --period " + billingPeriod
                    + " --rerun`");
            out.flush();
            return BillingEngineCli.OK;
        }
    }
}

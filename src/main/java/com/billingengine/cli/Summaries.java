package com.billingengine.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;

import java.util.function.Function;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

import com.billingengine.job.BillingJobLauncher;
import com.billingengine.job.RunReport;
import com.billingengine.job.RunSummary;
import com.billingengine.period.BillingPeriod;
import com.billingengine.pricing.Money;
import com.billingengine.pricing.RulesBeforeRun;

import picocli.CommandLine.Model.CommandSpec;

/** The end-of-run summary an operator reads in the console or the Jenkins log. */
final class Summaries {

    private Summaries() {
    }

    /**
     * Starts the engine (the command line was already checked), launches through the launcher, prints the summary
     * and returns the exit code: 0 completed, 1 failed or stopped.
     */
    static int restart(CommandSpec spec, BillingPeriod period, Function<BillingJobLauncher, JobExecution> launch) {
        return schedule(spec, period, true, launcher -> new BillingJobLauncher.Scheduled(launch.apply(launcher), false));
    }

    /**
     * As above; the pricing rules are checked against the registry first (exit 2), and with {@code period} its
     * custom line items against the invoices of the payers billable in it.
     */
    static int launch(CommandSpec spec, BillingPeriod period, Function<BillingJobLauncher, JobExecution> launch) {
        return schedule(spec, period, false, launcher -> new BillingJobLauncher.Scheduled(launch.apply(launcher),
                false));
    }

    /**
     * As above for {@code run --if-needed}: a period that had completed is said so in one line, exit 0, nothing
     * run.
     */
    static int schedule(CommandSpec spec, BillingPeriod period,
            Function<BillingJobLauncher, BillingJobLauncher.Scheduled> launch) {
        return schedule(spec, period, false, launch);
    }

    /**
     * {@code restart}: the rules' custom line items were checked when the revision was launched (its terms are
     * fixed), so only their references are; the exchange rates recorded by the revision count as given.
     */
    private static int schedule(CommandSpec spec, BillingPeriod period, boolean restart,
            Function<BillingJobLauncher, BillingJobLauncher.Scheduled> launch) {
        GlobalOptions global = BillingEngineCli.global(spec);
        Engine.sandboxOptions(global); // a bad --sandbox-* value is exit 2 before anything starts
        try (Engine engine = Engine.start(global, true, false); Stop stop = Stop.on(engine, spec, period)) {
            engine.bean(RulesBeforeRun.class).check(restart ? null : period);
            engine.bean(com.billingengine.pricing.BillingTerms.class).requireRates(period, restart);
            BillingJobLauncher.Scheduled scheduled;
            try {
                scheduled = launch.apply(engine.bean(BillingJobLauncher.class));
            } catch (RuntimeException e) {
                // e.g. the disk under the database filled: the job repository could not even record the failure
                throw engine.diskFull(e, spec.findOption("--period") == null ? null
                        : spec.findOption("--period").getValue());
            }
            if (Stop.stopping()) {
                return BillingEngineCli.FAILED;
            }
            JobExecution execution = scheduled.execution();
            if (scheduled.alreadyCompleted()) {
                RunSummary s = engine.bean(RunReport.class).summarize(execution);
                spec.commandLine().getOut().printf("Billing run %s rev-%d: already COMPLETED (job execution %d),"
                        + " nothing to do%s%n", s.period(), s.revision(), s.jobExecutionId(),
                        releaseNote(scheduled.approval(), s.period(), s.revision()));
                spec.commandLine().getOut().flush();
                return BillingEngineCli.OK;
            }
            return print(spec.commandLine().getOut(), engine.bean(RunReport.class).summarize(execution),
                    execution.getStatus() == BatchStatus.COMPLETED);
        }
    }

    /**
     * SIGTERM or Ctrl-C during a run: one line saying how to continue, then the engine closes (the run's lease is
     * left to expire, so `restart` recovers it); whatever the interrupted job then reports is not printed.
     */
    static final class Stop implements AutoCloseable {

        private static volatile boolean stopping;
        private final Thread hook;

        private Stop(Thread hook) {
            this.hook = hook;
        }

        static Stop on(Engine engine, CommandSpec spec, BillingPeriod period) {
            PrintWriter err = spec.commandLine().getErr();
            String p = period != null ? period.toString() : spec.findOption("--period") != null
                    ? String.valueOf((Object) spec.findOption("--period").getValue()) : "P";
            int lease = engine.bean(com.billingengine.BillingProperties.class).job().leaseSeconds();
            Thread hook = new Thread(() -> {
                stopping = true;
                err.println("stopped; continue with `billing-engine restart --period " + p + "` (it recovers this run"
                        + " once its lease has expired, " + lease + " s after it stopped)");
                err.flush();
                engine.close();
            }, "billing-run-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            return new Stop(hook);
        }

        /** A signal stopped the run: the command's own outcome is no longer said. */
        static boolean stopping() {
            return stopping;
        }

        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or ran: it closes the engine
            }
        }
    }

    /**
     * For {@code --if-needed}: a revision awaiting approval is the scheduler's part done (exit 0), a person's turn;
     * a voided one needs a person's rerun. Said so, with the command.
     */
    private static String releaseNote(com.billingengine.export.Release.Approval approval, String period,
            int revision) {
        if (approval == null || !(approval.awaiting() || approval.voided())) {
            return "";
        }
        return approval.awaiting() ? "; it is AWAITING_APPROVAL: `approve --period " + period + " --revision "
                + revision + " --by NAME` publishes it, `reject … --by NAME --reason TEXT` voids it"
                : "; it is " + approval.describe() + ": bill the period again with `run --period " + period
                        + " --rerun`";
    }

    static int print(PrintWriter out, RunSummary s, boolean completed) {
        out.printf("Billing run %s rev-%d: %s (job execution %d)%n", s.period(), s.revision(), s.status(),
                s.jobExecutionId());
        out.printf("  payers: %d   accounts: %d   cost lines: %d   Cost Explorer requests: %d (USD %s)%s%n",
                s.payers(), s.accounts(), s.costLines(), s.costExplorerRequests(),
                BigDecimal.valueOf(s.costExplorerRequests(), 2).toPlainString(),
                s.costExplorerThrottles() == 0 ? "" : ", throttled: " + s.costExplorerThrottles());
        if (!s.customers().isEmpty()) {
            out.println("  invoices:");
            for (RunSummary.CustomerTotal c : s.customers()) {
                out.printf("    %-10s %-32s %5d lines  %16s %s%n", c.customerId(), abbreviate(c.customerName()),
                        c.lines(), Money.inMinorUnits(c.total(), c.currency()).toPlainString(), c.currency());
            }
        }
        if (s.exportFolder() != null) {
            out.println("  export: " + s.exportFolder());
            if (s.exportFolder().endsWith(".pending")) {
                out.printf("  AWAITING_APPROVAL: nothing is published or delivered until `approve --period %s"
                        + " --revision %d --by NAME` (or `reject --period %s --revision %d --by NAME --reason TEXT`);"
                        + " finance reviews %s/report.html%n", s.period(), s.revision(), s.period(), s.revision(),
                        s.exportFolder());
            }
        }
        if (s.correction() != null) {
            out.println("  " + s.correction());
        }
        if (s.terms() != null) {
            out.println("  terms: " + s.terms());
        }
        for (String note : s.notes()) {
            out.println("  note: " + note);
        }
        for (String failure : s.failures()) {
            out.println("  failed: " + failure);
        }
        if (!completed) {
            out.printf("  the run can be continued with: billing-engine restart --period %s%n", s.period());
            out.printf("  or, to read accounts and costs from AWS again first (estimated data now final, Cost Explorer"
                    + " refreshed): billing-engine restart --period %s --reextract%n", s.period());
        }
        out.flush();
        return completed ? BillingEngineCli.OK : BillingEngineCli.FAILED;
    }

    private static String abbreviate(String name) {
        String oneLine = name.replaceAll("\\s+", " ");
        return oneLine.length() > 32 ? oneLine.substring(0, 31) + "…" : oneLine;
    }
}

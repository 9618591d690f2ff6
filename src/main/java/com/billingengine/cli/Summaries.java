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
    static int launch(CommandSpec spec, Function<BillingJobLauncher, JobExecution> launch) {
        return launch(spec, null, launch);
    }

    /**
     * As above; the pricing rules are checked against the registry first (exit 2), and with {@code period} its
     * custom line items against the invoices of the payers billable in it.
     */
    static int launch(CommandSpec spec, BillingPeriod period, Function<BillingJobLauncher, JobExecution> launch) {
        return schedule(spec, period, launcher -> new BillingJobLauncher.Scheduled(launch.apply(launcher), false));
    }

    /**
     * As above for {@code run --if-needed}: a period that had completed is said so in one line, exit 0, nothing
     * run.
     */
    static int schedule(CommandSpec spec, BillingPeriod period,
            Function<BillingJobLauncher, BillingJobLauncher.Scheduled> launch) {
        GlobalOptions global = BillingEngineCli.global(spec);
        Engine.sandboxOptions(global); // a bad --sandbox-* value is exit 2 before anything starts
        try (Engine engine = Engine.start(global, true, false)) {
            engine.bean(RulesBeforeRun.class).check(period);
            BillingJobLauncher.Scheduled scheduled;
            try {
                scheduled = launch.apply(engine.bean(BillingJobLauncher.class));
            } catch (RuntimeException e) {
                // e.g. the disk under the database filled: the job repository could not even record the failure
                throw engine.diskFull(e, spec.findOption("--period") == null ? null
                        : spec.findOption("--period").getValue());
            }
            JobExecution execution = scheduled.execution();
            if (scheduled.alreadyCompleted()) {
                RunSummary s = engine.bean(RunReport.class).summarize(execution);
                spec.commandLine().getOut().printf("Billing run %s rev-%d: already COMPLETED (job execution %d),"
                        + " nothing to do%n", s.period(), s.revision(), s.jobExecutionId());
                spec.commandLine().getOut().flush();
                return BillingEngineCli.OK;
            }
            return print(spec.commandLine().getOut(), engine.bean(RunReport.class).summarize(execution),
                    execution.getStatus() == BatchStatus.COMPLETED);
        }
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
                        c.lines(), c.total().toPlainString(), c.currency());
            }
        }
        if (s.exportFolder() != null) {
            out.println("  export: " + s.exportFolder());
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

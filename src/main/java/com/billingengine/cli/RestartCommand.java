package com.billingengine.cli;

import java.util.concurrent.Callable;


import com.billingengine.period.BillingPeriod;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {"Restarts the last failed or interrupted run of a period from where it stopped.",
                "A run whose process died (kill, power loss), on this host or any other, is recovered once its lease "
                        + "has expired (billing.job.lease-seconds, default 60, renewed every third of it while the "
                        + "run lives); a live run is refused (exit 3), and so is a completed one (use run --rerun).",
                "Month end: a run refused because Cost Explorer still marked days as estimated (exit 1), or failed "
                        + "by a reconciliation difference after Cost Explorer refreshed, is finished with fresh data by "
                        + "`restart --period P --reextract` once AWS has finalised the month: no --allow-estimated, "
                        + "no database edits. A plain restart would reuse the staged (estimated) cost lines. "
                        + "Schedulers run `run --period P --if-needed` instead, which does whichever is needed."})
final class RestartCommand implements Callable<Integer> {


    @Spec
    CommandSpec spec;

    @Option(names = "--period", required = true, paramLabel = "YYYY-MM", description = "The billing period.")
    String period;

    @Option(names = "--allow-estimated",
            description = "Finalise even though Cost Explorer still marks data as estimated (provisional invoice).")
    boolean allowEstimated;

    @Option(names = "--reextract",
            description = {"Continue with fresh AWS data: account listing and cost extraction run again for the "
                    + "failed revision, replacing what it staged (accounts, cost lines, invoice lines, "
                    + "reconciliation), then the later steps. For a run refused because data was estimated and is "
                    + "now final, a reconciliation difference after Cost Explorer refreshed, or an AWS error."})
    boolean reextract;

    @Option(names = "--force",
            description = {"Also take over a run that the job repository marks in progress but that holds no lease "
                    + "(started by an engine version without leases), once you are sure its process is gone. Never "
                    + "overrides a fresh lease: a live run is refused (exit 3) even with --force."})
    boolean force;

    @Override
    public Integer call() {
        BillingPeriod billingPeriod = BillingPeriod.parse(period);
        return Summaries.restart(spec, billingPeriod, launcher -> launcher.restart(billingPeriod, allowEstimated, reextract, force));
    }
}

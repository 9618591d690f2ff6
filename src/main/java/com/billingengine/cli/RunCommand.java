package com.billingengine.cli;

import java.time.Clock;
import java.util.concurrent.Callable;


import com.billingengine.identity.AuthMode;
import com.billingengine.period.BillingPeriod;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the monthly billing job for a closed period and prints a summary.",
                "Refuses (exit 3) a period that already completed (use --rerun) or is in progress; continues a "
                        + "revision that failed.",
                "Month end: run it once AWS has finalised the month (usually by the 5th); while Cost Explorer still "
                        + "marks days as estimated the run is refused (exit 1) and `restart --period P --reextract` "
                        + "finishes it from the final data; schedulers run `run --period P --if-needed` every day "
                        + "instead, which does whichever is needed. The ERP imports rev-1's invoices; when `check` later "
                        + "exits 4, `run --period P --rerun` writes rev-N with a correction of the last exported "
                        + "revision (corrections.csv, corrections.xml): the ERP imports only those."})
final class RunCommand implements Callable<Integer> {


    @Spec
    CommandSpec spec;

    @Option(names = "--period", required = true, paramLabel = "YYYY-MM",
            description = "The billing period: a closed month, e.g. the last one.")
    String period;

    @Option(names = "--rerun", description = {"Bill a completed period again as its next revision (rev-N+1 folder), "
            + "a correction of the last exported revision: besides the full files, corrections.csv and "
            + "corrections.xml (a credit or debit note per changed invoice; empty when nothing changed) and the "
            + "delta rows in focus.csv; the manifest says \"kind\": \"correction\", \"corrects\": N."})
    boolean rerun;

    @Option(names = "--reprice", description = {"With --rerun: price the period with the terms in force for it now "
            + "even where they differ from those that priced the revision it corrects (a rule edited without dates, a "
            + "registry change dated into the past, a changed exchange rate). Without it such a rerun is refused "
            + "(exit 3) naming each difference: a rerun corrects only what changed in AWS. corrections.csv then says "
            + "per line why it moved (cause aws-data, pricing or both)."})
    boolean reprice;

    @Option(names = "--allow-estimated",
            description = "Finalise even though Cost Explorer still marks data as estimated (provisional invoice).")
    boolean allowEstimated;

    @Option(names = "--if-needed", description = {"The scheduler's command, the same on every retry day: "
            + "nothing when the period is COMPLETED (exit 0, says so); starts it when it never ran; continues a "
            + "revision that failed, reading accounts and costs from AWS again (as restart --reextract) when what it "
            + "staged was still estimated. Exit 1 while Cost Explorer still marks days as estimated: run it again "
            + "the next day. Not with --rerun."})
    boolean ifNeeded;

    @Override
    public Integer call() {
        BillingPeriod billingPeriod = BillingPeriod.parseClosed(period, Clock.systemUTC(),
                !Engine.simulated(BillingEngineCli.global(spec),
                        AuthMode.of(BillingEngineCli.global(spec).authMode).orElse(null)));
        if (ifNeeded && rerun) {
            throw new IllegalArgumentException("--if-needed and --rerun exclude each other: --if-needed never bills a"
                    + " completed period again; correct one with `run --period " + period + " --rerun`");
        }
        if (reprice && !rerun) {
            throw new IllegalArgumentException("--reprice goes with --rerun: it re-prices a completed period as its"
                    + " next revision");
        }
        if (ifNeeded) {
            return Summaries.schedule(spec, billingPeriod, launcher -> launcher.runIfNeeded(billingPeriod,
                    allowEstimated));
        }
        return Summaries.launch(spec, billingPeriod, 
                launcher -> launcher.run(billingPeriod, rerun, allowEstimated, reprice));
    }
}

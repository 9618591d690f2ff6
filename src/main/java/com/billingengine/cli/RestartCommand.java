package com.billingengine.cli;

import java.util.concurrent.Callable;


import com.billingengine.period.BillingPeriod;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {"Restarts the last failed or interrupted run of a period from where it stopped.",
                "A run whose process died (kill, power loss) is recovered first; a live run is refused (exit 3)."})
final class RestartCommand implements Callable<Integer> {


    @Spec
    CommandSpec spec;

    @Option(names = "--period", required = true, paramLabel = "YYYY-MM", description = "The billing period.")
    String period;

    @Option(names = "--allow-estimated",
            description = "Finalise even though Cost Explorer still marks data as estimated (provisional invoice).")
    boolean allowEstimated;

    @Override
    public Integer call() {
        BillingPeriod billingPeriod = BillingPeriod.parse(period);
        return Summaries.launch(spec, launcher -> launcher.restart(billingPeriod, allowEstimated));
    }
}

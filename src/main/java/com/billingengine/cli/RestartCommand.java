package com.billingengine.cli;

import java.util.concurrent.Callable;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

import com.billingengine.job.BillingJobLauncher;
import com.billingengine.job.RunReport;
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
        Engine.sandboxOptions(BillingEngineCli.global(spec));
        try (Engine engine = Engine.start(BillingEngineCli.global(spec))) {
            JobExecution execution = engine.bean(BillingJobLauncher.class).restart(billingPeriod, allowEstimated);
            return Summaries.print(spec.commandLine().getOut(), engine.bean(RunReport.class).summarize(execution),
                    execution.getStatus() == BatchStatus.COMPLETED);
        }
    }
}

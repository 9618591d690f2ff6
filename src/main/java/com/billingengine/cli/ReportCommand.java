package com.billingengine.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.billingengine.period.BillingPeriod;
import com.billingengine.report.FinanceReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes report.html into a revision's export folder: the period's headline, month over month "
                + "totals, biggest movers, margin and charge types, as one self-contained page.",
                "Refuses (exit 3) a period or revision that has not been exported."})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--period", required = true, paramLabel = "YYYY-MM", description = "The billing period.")
    String period;

    @Option(names = "--revision", paramLabel = "N", description = "The revision (default: the latest exported one).")
    Integer revision;

    @Override
    public Integer call() throws IOException {
        BillingPeriod billingPeriod = BillingPeriod.parse(period);
        if (revision != null && revision < 1) {
            throw new IllegalArgumentException("--revision " + revision + ": revisions start at 1");
        }
        GlobalOptions global = BillingEngineCli.global(spec);
        Engine.sandboxOptions(global);
        try (Engine engine = Engine.start(global, Engine.Use.TABLES)) {
            Path written = engine.bean(FinanceReport.class).write(billingPeriod, revision);
            spec.commandLine().getOut().println("report: " + written);
            spec.commandLine().getOut().flush();
            return BillingEngineCli.OK;
        }
    }
}

package com.billingengine.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.annotation.JsonInclude;

import com.billingengine.export.Delivery;
import com.billingengine.job.BillingStatus;
import com.billingengine.job.RunStatus;
import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Lists billing periods with their runs: revision, status, start, end, duration, and per step "
                + "its read/write/skip counts and exit message.")
final class StatusCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");


    @Spec
    CommandSpec spec;

    @Option(names = "--period", paramLabel = "YYYY-MM", description = "Only this period.")
    String period;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
        BillingPeriod only = period == null ? null : BillingPeriod.parse(period);
        Engine.sandboxOptions(BillingEngineCli.global(spec));
        try (Engine engine = Engine.start(BillingEngineCli.global(spec), Engine.Use.TABLES)) {
            List<RunStatus> runs = engine.bean(BillingStatus.class).runs(only);
            Delivery delivery = engine.bean(Delivery.class);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(runs.stream().map(run -> RunJson.of(run, receipts(delivery, run))).toList()));
            } else if (runs.isEmpty()) {
                out.println(only == null ? "no billing runs yet" : "no runs of " + only);
            } else {
                runs.forEach(run -> {
                    print(out, run);
                    printReceipts(out, receipts(delivery, run));
                });
            }
            out.flush();
            return BillingEngineCli.OK;
        }
    }

    private static void print(PrintWriter out, RunStatus run) {
        out.printf("%s rev-%d  %-9s started %s  ended %s  took %s  (job execution %d, %d attempt%s)%n", run.period(),
                run.revision(), run.status(), time(run.start()), time(run.end()), duration(run.duration()),
                run.jobExecutionId(), run.attempts(), run.attempts() == 1 ? "" : "s");
        if (!run.exitMessage().isEmpty()) {
            out.println("    " + run.exitMessage());
        }
        if (run.approval() != null) {
            out.println("    release: " + run.approval().describe() + (run.approval().awaiting()
                    ? " (since " + time(run.end()) + "; approve or reject)" : ""));
        }
        if (run.terms() != null) {
            out.println("    terms: " + run.terms());
        }
        for (String change : run.termChanges()) {
            out.println("    in the period: " + change);
        }
        for (RunStatus.StepStatus step : run.steps()) {
            out.printf("    %-16s %-9s read %7d  write %7d  skip %4d  %8s  %s%n", step.name(), step.status(),
                    step.read(), step.write(), step.skip(), duration(step.duration()), step.exitMessage());
            for (RunStatus.StepStatus partition : step.partitions()) {
                if (!"COMPLETED".equals(partition.status())) {
                    out.printf("      %-30s %-9s read %7d  write %7d  %s%n", partition.name(), partition.status(),
                            partition.read(), partition.write(), partition.exitMessage());
                }
            }
        }
    }

    private static List<Delivery.Receipt> receipts(Delivery delivery, RunStatus run) {
        return delivery.receipts(new BillingRun(BillingPeriod.parse(run.period()), run.revision()));
    }

    /** erpDelivery's receipts: where each file went, its size and SHA-256, and when. */
    private static void printReceipts(PrintWriter out, List<Delivery.Receipt> receipts) {
        for (Delivery.Receipt r : receipts) {
            out.printf("    delivered %s  %s  %d bytes  sha256 %s  %s%s%n", r.target(), r.file(), r.size(), r.sha256(),
                    TIME.format(r.deliveredAt().atZoneSameInstant(java.time.ZoneOffset.UTC)) + " UTC",
                    r.sent() ? "" : "  (already there)");
        }
    }

    /** {@code status --json}: a run, its steps and its deliveries, in the contract's field order. */
    record RunJson(String period, int revision, long jobExecutionId, int attempts, String status, String exitCode,
            String start, String end, Double durationSeconds, String exitMessage, List<StepJson> steps, String terms,
            List<String> termChanges, ReleaseJson release, List<DeliveryJson> deliveries) {

        static RunJson of(RunStatus run, List<Delivery.Receipt> receipts) {
            return new RunJson(run.period(), run.revision(), run.jobExecutionId(), run.attempts(), run.status(),
                    run.exitCode(), run.start() == null ? null : run.start().toString(),
                    run.end() == null ? null : run.end().toString(), seconds(run.duration()), run.exitMessage(),
                    run.steps().stream().map(StepJson::of).toList(), run.terms(), run.termChanges(),
                    ReleaseJson.of(run), receipts.stream().map(DeliveryJson::of).toList());
        }
    }

    /** The release: AWAITING_APPROVAL, APPROVED or VOIDED with who and when; null when published without approval. */
    record ReleaseJson(String state, String by, String at, String reason) {

        static ReleaseJson of(RunStatus run) {
            var a = run.approval();
            return a == null ? null : new ReleaseJson(a.state(), a.by(), a.at() == null ? null
                    : a.at().toInstant().toString(), a.reason());
        }
    }

    /** A step or a partition; {@code partitions} only where the step has some. */
    record StepJson(String name, String status, long readCount, long writeCount, long skipCount,
            Double durationSeconds, String exitMessage,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<StepJson> partitions) {

        static StepJson of(RunStatus.StepStatus s) {
            return new StepJson(s.name(), s.status(), s.read(), s.write(), s.skip(), seconds(s.duration()),
                    s.exitMessage(), s.partitions().stream().map(StepJson::of).toList());
        }
    }

    /** A file a delivery target holds. */
    record DeliveryJson(String target, String file, long size, String sha256, boolean sent, String deliveredAt) {

        static DeliveryJson of(Delivery.Receipt r) {
            return new DeliveryJson(r.target(), r.file(), r.size(), r.sha256(), r.sent(),
                    r.deliveredAt().toInstant().toString());
        }
    }

    private static Double seconds(Duration d) {
        return d == null ? null : d.toMillis() / 1000.0;
    }

    private static String time(java.time.LocalDateTime t) {
        return t == null ? "-" : TIME.format(t);
    }

    private static String duration(Duration d) {
        if (d == null) {
            return "-";
        }
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : String.format("%d.%01ds", s, d.toMillisPart() / 100);
    }
}

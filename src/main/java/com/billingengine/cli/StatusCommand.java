package com.billingengine.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

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
                out.println(Json.write(runs.stream().map(run -> withReceipts(asMap(run), receipts(delivery, run)))
                        .toList()));
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

    private static Map<String, Object> withReceipts(Map<String, Object> run, List<Delivery.Receipt> receipts) {
        run.put("deliveries", receipts.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", r.target());
            m.put("file", r.file());
            m.put("size", r.size());
            m.put("sha256", r.sha256());
            m.put("sent", r.sent());
            m.put("deliveredAt", r.deliveredAt().toInstant().toString());
            return m;
        }).toList());
        return run;
    }

    private static Map<String, Object> asMap(RunStatus run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("period", run.period());
        m.put("revision", run.revision());
        m.put("jobExecutionId", run.jobExecutionId());
        m.put("attempts", run.attempts());
        m.put("status", run.status());
        m.put("exitCode", run.exitCode());
        m.put("start", run.start() == null ? null : run.start().toString());
        m.put("end", run.end() == null ? null : run.end().toString());
        m.put("durationSeconds", run.duration() == null ? null : run.duration().toMillis() / 1000.0);
        m.put("exitMessage", run.exitMessage());
        m.put("steps", run.steps().stream().map(StatusCommand::stepMap).toList());
        m.put("terms", run.terms());
        m.put("termChanges", run.termChanges());
        // the release: AWAITING_APPROVAL, APPROVED or VOIDED with who and when; null when published without approval
        Map<String, Object> release = null;
        if (run.approval() != null) {
            release = new LinkedHashMap<>();
            release.put("state", run.approval().state());
            release.put("by", run.approval().by());
            release.put("at", run.approval().at() == null ? null : run.approval().at().toInstant().toString());
            release.put("reason", run.approval().reason());
        }
        m.put("release", release);
        return m;
    }

    private static Map<String, Object> stepMap(RunStatus.StepStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("status", s.status());
        m.put("readCount", s.read());
        m.put("writeCount", s.write());
        m.put("skipCount", s.skip());
        m.put("durationSeconds", s.duration() == null ? null : s.duration().toMillis() / 1000.0);
        m.put("exitMessage", s.exitMessage());
        if (!s.partitions().isEmpty()) {
            m.put("partitions", s.partitions().stream().map(StatusCommand::stepMap).toList());
        }
        return m;
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

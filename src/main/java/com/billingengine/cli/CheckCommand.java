package com.billingengine.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.billingengine.latedata.LateDataCheck;
import com.billingengine.latedata.PayerCheck;
import com.billingengine.latedata.PeriodCheck;
import com.billingengine.metrics.LateDataMetrics;
import com.billingengine.period.BillingPeriod;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Late-data check: has Cost Explorer changed a period since it was invoiced? One MONTHLY "
                + "request per payer (USD 0.01 each) compares Cost Explorer's current totals per record type with "
                + "what the last exported revision billed, and prints per payer: invoiced, now, difference, "
                + "estimated days.",
                "Exit 0: nothing changed. Exit 4: the period changed since it was invoiced; bill it again with "
                        + "`run --period P --rerun`, which writes a correction of the exported revision. "
                        + "Exit 3: --period was never exported (nothing to compare). With --last N, periods never "
                        + "exported are listed and skipped.",
                "With billing.metrics.textfile set, it writes billing_period_changed_since_invoiced{period} (1 or 0) "
                        + "to a file beside it (billing.prom → billing-check.prom) for an alert "
                        + "(jobs/alert-rules.yml); with billing.metrics.pushgateway-url, to job billing_engine_check."})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--period", paramLabel = "YYYY-MM", description = "The billing period to check.")
    String period;

    @Option(names = "--last", paramLabel = "N", description = "Check the last N closed periods instead (e.g. 3).")
    Integer last;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
        if ((period == null) == (last == null)) {
            throw new IllegalArgumentException("give --period YYYY-MM or --last N (one of them)");
        }
        if (last != null && (last < 1 || last > 24)) {
            throw new IllegalArgumentException("--last " + last + ": must be 1 to 24 periods");
        }
        List<BillingPeriod> periods = new ArrayList<>();
        if (period != null) {
            periods.add(BillingPeriod.parse(period));
        } else {
            BillingPeriod newest = BillingPeriod.lastClosed(Clock.systemUTC());
            for (int i = 0; i < last; i++) {
                periods.add(new BillingPeriod(newest.month().minusMonths(i)));
            }
        }
        Engine.sandboxOptions(BillingEngineCli.global(spec)); // a bad --sandbox-* value is exit 2 before anything starts
        try (Engine engine = Engine.start(BillingEngineCli.global(spec), Engine.Use.AWS)) {
            LateDataCheck checker = engine.bean(LateDataCheck.class);
            List<PeriodCheck> checks = new ArrayList<>();
            for (BillingPeriod p : periods) {
                checks.add(checker.check(p));
            }
            engine.bean(LateDataMetrics.class).record(checks);
            PrintWriter out = spec.commandLine().getOut();
            boolean changed = checks.stream().anyMatch(PeriodCheck::changed);
            if (json) {
                out.println(Json.write(new CheckJson(checker.metric().value(), changed,
                        checks.stream().map(PeriodJson::of).toList())));
            } else {
                checks.forEach(c -> print(out, c, checker.metric().value()));
            }
            out.flush();
            if (period != null && !checks.get(0).exported()) {
                spec.commandLine().getErr().println("refused: " + period + " was never exported: there is no invoice "
                        + "to compare with (bill it with `run --period " + period + "`)");
                return BillingEngineCli.REFUSED;
            }
            return changed ? BillingEngineCli.CHANGED : BillingEngineCli.OK;
        }
    }

    private static void print(PrintWriter out, PeriodCheck c, String metric) {
        if (!c.exported()) {
            out.printf("%s: never exported, nothing to check%n", c.period());
            return;
        }
        out.printf("%s: Cost Explorer (%s, USD) against rev-%d as exported — %s%n", c.period(), metric,
                c.exportedRevision(), c.changed() ? "CHANGED since it was invoiced" : "unchanged");
        out.printf("  %-12s %-10s %-24s %18s %18s %16s  %s%n", "payer", "customer", "record type", "invoiced", "now",
                "difference", "estimated days");
        for (PayerCheck p : c.payers()) {
            out.printf("  %-12s %-10s %-24s %18s %18s %16s  %d invoiced, %s now%s%n", p.payerAccountId(),
                    p.customerId(), "(all)", usd(p.invoiced()), usd(p.now()), usd(p.difference()),
                    p.estimatedDaysInvoiced(), p.estimatedNow() ? "estimated" : "final", p.changed() ? "  CHANGED" : "");
            for (PayerCheck.RecordTypeTotal t : p.recordTypes()) {
                if (t.changed()) {
                    out.printf("  %-12s %-10s %-24s %18s %18s %16s%n", "", "", t.recordType(), usd(t.invoiced()),
                            usd(t.now()), usd(t.difference()));
                }
            }
        }
        out.printf("  Cost Explorer requests: %d (USD %s)%n", c.costExplorerRequests(),
                BigDecimal.valueOf(c.costExplorerRequests(), 2).toPlainString());
        if (c.changed()) {
            out.printf("  to correct it: billing-engine run --period %s --rerun  (writes rev-%d with a correction of "
                    + "rev-%d)%n", c.period(), c.exportedRevision() + 1, c.exportedRevision());
        }
    }

    /** USD at cent precision for the table; --json keeps every digit. */
    private static String usd(BigDecimal amount) {
        return amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    /** {@code check --json}: the metric compared, whether any period changed, and each period. */
    record CheckJson(String metric, boolean changed, List<PeriodJson> periods) {
    }

    /** A period: the revision compared with, and per payer its totals then and now. */
    record PeriodJson(String period, Integer exportedRevision, boolean changed, long costExplorerRequests,
            List<PayerJson> payers) {

        static PeriodJson of(PeriodCheck c) {
            return new PeriodJson(c.period(), c.exportedRevision(), c.changed(), c.costExplorerRequests(),
                    c.payers().stream().map(PayerJson::of).toList());
        }
    }

    /** A payer's totals (USD, plain), its estimated days, and per record type. */
    record PayerJson(String payerAccountId, String customerId, boolean changed, String invoiced, String now,
            String difference, int estimatedDaysInvoiced, boolean estimatedNow, List<RecordTypeJson> recordTypes) {

        static PayerJson of(PayerCheck p) {
            return new PayerJson(p.payerAccountId(), p.customerId(), p.changed(), plain(p.invoiced()), plain(p.now()),
                    plain(p.difference()), p.estimatedDaysInvoiced(), p.estimatedNow(),
                    p.recordTypes().stream().map(t -> new RecordTypeJson(t.recordType(), plain(t.invoiced()),
                            plain(t.now()), plain(t.difference()))).toList());
        }
    }

    /** A record type's totals then and now. */
    record RecordTypeJson(String recordType, String invoiced, String now, String difference) {
    }

    private static String plain(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }
}

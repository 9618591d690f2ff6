package com.billingengine.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import com.billingengine.export.CustomerChange;
import com.billingengine.export.LineChange;
import com.billingengine.export.RevisionDiff;
import com.billingengine.period.BillingPeriod;
import com.billingengine.pricing.InvoiceLine;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"What changed between two revisions of a period: per customer invoice its totals and delta, "
                + "and every line (account, service, charge type) whose amount changed, appeared or vanished.",
                "With --to the revision after --from these are exactly the numbers of that revision's correction "
                        + "(corrections.csv / corrections.xml). A revision without invoice lines is refused (exit 3)."})
final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--period", required = true, paramLabel = "YYYY-MM", description = "The billing period.")
    String period;

    @Option(names = "--from", required = true, paramLabel = "N", description = "The earlier revision.")
    int from;

    @Option(names = "--to", required = true, paramLabel = "M", description = "The later revision.")
    int to;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
        BillingPeriod billingPeriod = BillingPeriod.parse(period);
        if (from < 1 || to < 1) {
            throw new IllegalArgumentException("--from and --to are revisions: 1, 2, …");
        }
        Engine.sandboxOptions(BillingEngineCli.global(spec));
        try (Engine engine = Engine.start(BillingEngineCli.global(spec), Engine.Use.TABLES)) {
            RevisionDiff diffs = engine.bean(RevisionDiff.class);
            List<Integer> priced = diffs.pricedRevisions(billingPeriod);
            for (int revision : List.of(from, to)) {
                if (!priced.contains(revision)) {
                    spec.commandLine().getErr().println("refused: " + billingPeriod + " has no invoice lines in rev-"
                            + revision + (priced.isEmpty() ? " (it was never billed)" : " (revisions with invoice "
                                    + "lines: " + priced.stream().map(String::valueOf).collect(Collectors.joining(", "))
                                    + ")"));
                    return BillingEngineCli.REFUSED;
                }
            }
            RevisionDiff.Diff diff = diffs.diff(billingPeriod, from, to);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(DiffJson.of(diff)));
            } else {
                print(out, diff);
            }
            out.flush();
            return BillingEngineCli.OK;
        }
    }

    private static void print(PrintWriter out, RevisionDiff.Diff diff) {
        out.printf("%s rev-%d → rev-%d: %s%n", diff.period(), diff.from(), diff.to(), diff.isEmpty() ? "no change"
                : diff.changedLines() + " changed line" + (diff.changedLines() == 1 ? "" : "s") + " in "
                        + diff.customers().size() + " invoice" + (diff.customers().size() == 1 ? "" : "s"));
        for (CustomerChange c : diff.customers()) {
            out.printf("%n  %s %s (%s): total %s → %s, delta %s (%s note)%n", c.customerId(), c.customerName(),
                    c.currency(), c.totalBefore().toPlainString(), c.totalNow().toPlainString(),
                    c.delta().toPlainString(), c.noteType());
            out.printf("    %-12s %-28s %-40s %-26s %14s %14s %12s  %-8s  %s%n", "account", "account name", "service",
                    "charge type", "before", "now", "delta", "change", "cause");
            for (LineChange change : c.lines()) {
                InvoiceLine l = change.line();
                out.printf("    %-12s %-28s %-40s %-26s %14s %14s %12s  %-8s  %s%n", l.accountId(),
                        cut(l.accountName(), 28), cut(l.service(), 40), l.chargeType(),
                        change.amountBefore().toPlainString(), change.amountNow().toPlainString(),
                        change.delta().toPlainString(), change.kind(), change.cause()
                                + (change.ruleBefore().equals(change.ruleNow()) ? ""
                                        : " (rule " + change.ruleBefore() + " → " + change.ruleNow() + ")"));
            }
        }
    }

    private static String cut(String text, int width) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > width ? oneLine.substring(0, width - 1) + "…" : oneLine;
    }

    /** {@code diff --json}: the revisions compared and per customer invoice its totals and changed lines. */
    record DiffJson(String period, int from, int to, int changedLines, List<CustomerJson> customers) {

        static DiffJson of(RevisionDiff.Diff diff) {
            return new DiffJson(diff.period(), diff.from(), diff.to(), diff.changedLines(),
                    diff.customers().stream().map(CustomerJson::of).toList());
        }
    }

    /** An invoice that changed: its note (credit or debit), totals and lines. */
    record CustomerJson(String customerId, String customerName, String currency, String note, String totalBefore,
            String totalNow, String delta, List<LineJson> lines) {

        static CustomerJson of(CustomerChange c) {
            return new CustomerJson(c.customerId(), c.customerName(), c.currency(), c.noteType(),
                    c.totalBefore().toPlainString(), c.totalNow().toPlainString(), c.delta().toPlainString(),
                    c.lines().stream().map(LineJson::of).toList());
        }
    }

    /** A line that changed, is new or vanished. */
    record LineJson(String lineId, String change, String payerAccountId, String accountId, String accountName,
            String service, String chargeType, String amountBefore, String amountNow, String delta,
            String awsCostDelta, String cause, String ruleBefore, String ruleNow) {

        static LineJson of(LineChange change) {
            InvoiceLine l = change.line();
            return new LineJson(l.lineId(), change.kind(), l.payerAccountId(), l.accountId(), l.accountName(),
                    l.service(), l.chargeType(), change.amountBefore().toPlainString(),
                    change.amountNow().toPlainString(), change.delta().toPlainString(),
                    change.awsCostDelta().stripTrailingZeros().toPlainString(), change.cause(), change.ruleBefore(),
                    change.ruleNow());
        }
    }
}

package com.billingengine.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;

import com.billingengine.job.RunSummary;

/** The end-of-run summary an operator reads in the console or the Jenkins log. */
final class Summaries {

    private Summaries() {
    }

    static int print(PrintWriter out, RunSummary s, boolean completed) {
        out.printf("Billing run %s rev-%d: %s (job execution %d)%n", s.period(), s.revision(), s.status(),
                s.jobExecutionId());
        out.printf("  payers: %d   accounts: %d   cost lines: %d   Cost Explorer requests: %d (USD %s)%n",
                s.payers(), s.accounts(), s.costLines(), s.costExplorerRequests(),
                BigDecimal.valueOf(s.costExplorerRequests(), 2).toPlainString());
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
        for (String failure : s.failures()) {
            out.println("  failed: " + failure);
        }
        if (!completed) {
            out.printf("  the run can be continued with: billing-engine restart --period %s%n", s.period());
        }
        out.flush();
        return completed ? BillingEngineCli.OK : BillingEngineCli.FAILED;
    }

    private static String abbreviate(String name) {
        String oneLine = name.replaceAll("\\s+", " ");
        return oneLine.length() > 32 ? oneLine.substring(0, 31) + "…" : oneLine;
    }
}

package com.billingengine.onboarding;

import java.util.List;

/**
 * The outcome of {@code payers validate}: one row per check, in the order they ran. The payer passes when no check
 * failed or was skipped; a WARN is shown but does not stop the payer from being billed.
 */
public record ValidationReport(String payerAccountId, String customerName, String roleArn, String period,
        List<Check> checks) {

    public enum Result {
        PASS, WARN, FAIL, SKIPPED
    }

    /** One check; {@code remedy} is what a person can do about a FAIL or WARN, empty otherwise. */
    public record Check(String name, Result result, String detail, String remedy) {

        public Check {
            remedy = remedy == null ? "" : remedy;
        }

        static Check pass(String name, String detail) {
            return new Check(name, Result.PASS, detail, "");
        }

        static Check skipped(String name, String failedCheck) {
            return new Check(name, Result.SKIPPED, "not run: " + failedCheck + " did not pass", "");
        }
    }

    public ValidationReport {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return checks.stream().allMatch(c -> c.result() == Result.PASS || c.result() == Result.WARN);
    }

    public long count(Result result) {
        return checks.stream().filter(c -> c.result() == result).count();
    }

    /** The table people read: one line per check, each remedy on its own line under its check. */
    public String render() {
        int width = checks.stream().mapToInt(c -> c.name().length()).max().orElse(5);
        String row = "%-" + width + "s  %-7s  %s%n";
        StringBuilder out = new StringBuilder();
        out.append("payer ").append(payerAccountId).append(" (").append(customerName).append("), role ")
                .append(roleArn).append(", Cost Explorer month ").append(period).append('\n');
        out.append(String.format(row, "CHECK", "RESULT", "DETAIL"));
        for (Check c : checks) {
            out.append(String.format(row, c.name(), c.result(), c.detail()));
            if (!c.remedy().isEmpty()) {
                out.append(String.format(row, "", "", "remedy: " + c.remedy()));
            }
        }
        out.append(passed()
                ? "all " + checks.size() + " checks passed"
                        + (count(Result.WARN) > 0 ? " (" + count(Result.WARN) + " warning(s))" : "")
                : count(Result.FAIL) + " check(s) failed, " + count(Result.SKIPPED) + " skipped");
        return out.append('\n').toString();
    }
}

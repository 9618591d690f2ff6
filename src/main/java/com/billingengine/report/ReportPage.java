package com.billingengine.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.jfree.data.category.DefaultCategoryDataset;

import com.billingengine.export.CustomerChange;
import com.billingengine.export.LineChange;
import com.billingengine.export.RevisionDiff;
import com.billingengine.period.BillingRun;

/**
 * The finance report as one self-contained HTML page: inline CSS, charts as inline SVG, no script, nothing
 * fetched (the Content-Security-Policy forbids it too). Every text from the data is escaped.
 */
final class ReportPage {

    /** The run's headline as the manifest and the job repository state it. */
    record Headline(BillingRun run, long jobExecutionId, int payers, int accounts, long costLines,
            long costExplorerRequests, boolean estimated, String kind, Integer corrects,
            List<ReportQueries.Reconciliation> reconciliation, String terms, List<String> termChanges,
            RevisionDiff.Diff correction, String release) {
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1d2733;\
            margin:24px auto;max-width:1120px;padding:0 16px}
            h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #d0d4d9;\
            padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
            .sub{color:#5b6773;margin:0 0 16px}
            .badge{display:inline-block;padding:2px 8px;border-radius:10px;font-size:12px;font-weight:600;\
            margin-left:6px;vertical-align:middle}
            .ok{background:#dff3e4;color:#1e6b34}.warn{background:#fdf0d5;color:#8a5a00}.bad{background:#f9dcdc;color:#9b1c1c}
            .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:10px}
            .tile{border:1px solid #d0d4d9;border-radius:6px;padding:8px 12px}
            .tile .k{font-size:12px;color:#5b6773;text-transform:uppercase;letter-spacing:.04em}
            .tile .v{font-size:18px;font-weight:600}
            table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:13px}
            th,td{padding:4px 8px;border-bottom:1px solid #e6e9ec;text-align:left;vertical-align:top}
            th{background:#f4f6f8;font-weight:600}
            td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            .up{color:#9b1c1c}.down{color:#1e6b34}.muted{color:#5b6773}
            svg{max-width:100%;height:auto}
            footer{margin-top:32px;color:#5b6773;font-size:12px}
            """;

    private final StringBuilder html = new StringBuilder();

    static String render(Headline headline, ReportFigures now, List<ReportFigures.Month> history) {
        return new ReportPage().page(headline, now, history);
    }

    private String page(Headline h, ReportFigures now, List<ReportFigures.Month> history) {
        String title = "Billing report " + h.run().periodText() + " rev-" + h.run().revision();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n");
        headline(h, title, now);
        correctionNotes(h);
        // the charts first, the long tables of movers last
        monthOverMonth(now, history);
        chargeTypes(now);
        margin(now);
        movers(now, history);
        html.append("<footer>Made by the Billing Engine from the billing tables of ").append(esc(h.run().toString()))
                .append(" (job execution ").append(h.jobExecutionId()).append("). Amounts in the invoice currency; ")
                .append("charts in USD equivalents at each line's exchange rate. Not part of the ERP files.</footer>\n")
                .append("</body>\n</html>\n");
        return html.toString();
    }

    private void headline(Headline h, String title, ReportFigures now) {
        html.append("<h1>").append(esc(title));
        if (h.estimated()) {
            html.append("<span class=\"badge warn\">ESTIMATED — provisional invoice</span>");
        }
        if ("correction".equals(h.kind())) {
            html.append("<span class=\"badge warn\">correction of rev-").append(h.corrects()).append("</span>");
        }
        if (h.release() != null) {
            html.append("<span class=\"badge ").append(h.release().startsWith("APPROVED") ? "ok" : "warn").append("\">")
                    .append(esc(h.release())).append("</span>");
        }
        html.append("</h1>\n<p class=\"sub\">Billing period ").append(esc(h.run().periodText())).append(", revision ")
                .append(h.run().revision());
        if ("correction".equals(h.kind())) {
            html.append(" — corrects revision ").append(h.corrects()).append(" (credit and debit notes below; the same in")
                    .append(" corrections.csv and corrections.xml)");
        }
        html.append(h.estimated() ? " — Cost Explorer data still estimated" : " — final Cost Explorer data")
                .append("</p>\n<div class=\"tiles\">\n");
        tile("Customers", CurrencyText.count(now.customers().size()));
        tile("Payers", CurrencyText.count(h.payers()));
        tile("Accounts", CurrencyText.count(h.accounts()));
        tile("Cost lines", CurrencyText.count(h.costLines()));
        tile("Cost Explorer requests", CurrencyText.count(h.costExplorerRequests()) + " ("
                + CurrencyText.usd(BigDecimal.valueOf(h.costExplorerRequests(), 2)) + ")");
        for (Map.Entry<String, ReportFigures.Sum> total : now.byCurrency().entrySet()) {
            tile("Invoiced " + total.getKey(), CurrencyText.format(total.getValue().amount(), total.getKey()));
        }
        html.append("</div>\n");

        List<ReportQueries.Reconciliation> recon = h.reconciliation();
        boolean reconciled = !recon.isEmpty() && recon.stream().allMatch(r -> r.difference().signum() == 0);
        html.append("<h3>Reconciliation <span class=\"badge ").append(reconciled ? "ok\">reconciled" : "bad\">NOT reconciled")
                .append("</span></h3>\n<table><tr><th>Payer</th><th class=\"n\">Cost Explorer total (USD)</th>")
                .append("<th class=\"n\">Staged cost lines (USD)</th><th class=\"n\">Difference</th></tr>\n");
        for (ReportQueries.Reconciliation r : recon) {
            html.append("<tr><td>").append(esc(r.payerAccountId())).append("</td>").append(num(usd(r.costExplorerTotal())))
                    .append(num(usd(r.stagedTotal()))).append(num(usd(r.difference()))).append("</tr>\n");
        }
        html.append("</table>\n");

        // what priced the revision and what changed in the registry for the period: a rerun prices with these terms
        html.append("<h3>Terms</h3>\n<p>").append(h.terms() == null ? "not recorded (priced by an earlier version)"
                : esc(h.terms())).append("</p>\n");
        if (h.termChanges().isEmpty()) {
            html.append("<p class=\"muted\">No payer joined, left or changed terms in this period.</p>\n");
        } else {
            html.append("<ul>\n");
            h.termChanges().forEach(change -> html.append("<li>").append(esc(change)).append("</li>\n"));
            html.append("</ul>\n");
        }
    }

    /**
     * A correction's credit and debit notes as the ERP gets them (corrections.xml): per note its id, the invoice it
     * corrects, every changed line with its amount before and now, and the totals. Finance reviews these before
     * approving the revision.
     */
    private void correctionNotes(Headline h) {
        if (h.correction() == null) {
            return;
        }
        RevisionDiff.Diff diff = h.correction();
        html.append("<h2>Correction notes</h2>\n");
        if (diff.isEmpty()) {
            html.append("<p class=\"muted\">No line changed since rev-").append(diff.from())
                    .append(": an empty correction, no note.</p>\n");
            return;
        }
        for (CustomerChange c : diff.customers()) {
            String currency = c.currency();
            html.append("<h3>").append(esc(c.noteType())).append(" note ").append(esc(c.noteId(diff.period(), diff.to())))
                    .append(" <span class=\"muted\">").append(esc(c.customerName())).append(", ")
                    .append(c.invoicedBefore() ? "corrects invoice " + esc(c.invoiceId(diff.period())) + " (rev-"
                            + diff.from() + ")" : "no invoice of rev-" + diff.from() + " to correct (new)")
                    .append("</span></h3>\n<table><tr><th>Line</th><th>Account</th><th>Service</th><th>Charge type</th>")
                    .append("<th>Change</th><th>Cause</th><th class=\"n\">Before</th><th class=\"n\">Now</th>")
                    .append("<th class=\"n\">Delta</th></tr>\n");
            for (LineChange change : c.lines()) {
                var l = change.line();
                html.append("<tr><td>").append(esc(l.lineId())).append("</td><td>").append(esc(l.accountName()))
                        .append(l.accountId().isEmpty() ? "" : " <span class=\"muted\">" + esc(l.accountId()) + "</span>")
                        .append("</td><td>").append(esc(l.service())).append("</td><td>").append(esc(l.chargeType()))
                        .append("</td><td>").append(esc(change.kind())).append("</td><td>").append(esc(change.cause()))
                        .append("</td>").append(num(CurrencyText.format(change.amountBefore(), currency)))
                        .append(num(CurrencyText.format(change.amountNow(), currency)))
                        .append(num(CurrencyText.format(change.delta(), currency))).append("</tr>\n");
            }
            html.append("<tr><th colspan=\"6\">Invoice total</th>")
                    .append(num(CurrencyText.format(c.totalBefore(), currency)))
                    .append(num(CurrencyText.format(c.totalNow(), currency)))
                    .append(num(CurrencyText.format(c.delta(), currency))).append("</tr>\n</table>\n");
        }
    }

    private void monthOverMonth(ReportFigures now, List<ReportFigures.Month> history) {
        html.append("<h2>Invoice totals per customer, month over month</h2>\n");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        // each month's totals summed once: per customer it would be customers × lines
        List<Map<String, ReportFigures.Sum>> monthTotals = history.stream().map(m -> m.figures().byCustomer()).toList();
        for (int i = 0; i < history.size(); i++) {
            ReportFigures.Month month = history.get(i);
            Map<String, ReportFigures.Sum> totals = monthTotals.get(i);
            for (ReportFigures.Customer c : now.customers()) {
                ReportFigures.Sum sum = totals.getOrDefault(c.key(), ReportFigures.Sum.ZERO);
                data.addValue(sum.usd(), month.run().periodText(), label(c));
            }
        }
        html.append(ReportCharts.bars("mom", data, "USD equivalent")).append('\n');
        html.append("<table><tr><th>Customer</th><th>Currency</th>");
        history.forEach(m -> html.append("<th class=\"n\">").append(esc(m.run().periodText())).append("</th>"));
        html.append("</tr>\n");
        for (ReportFigures.Customer c : now.customers()) {
            html.append("<tr><td>").append(esc(c.name())).append(" <span class=\"muted\">").append(esc(c.customerId()))
                    .append("</span></td><td>").append(esc(c.currency())).append("</td>");
            for (Map<String, ReportFigures.Sum> totals : monthTotals) {
                ReportFigures.Sum sum = totals.get(c.key());
                html.append(num(sum == null ? "—" : CurrencyText.format(sum.amount(), c.currency())));
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private void movers(ReportFigures now, List<ReportFigures.Month> history) {
        if (history.size() < 2) {
            html.append("<h2>Biggest movers</h2>\n<p class=\"muted\">No earlier month in the repository to compare with.</p>\n");
            return;
        }
        ReportFigures.Month previous = history.get(history.size() - 2);
        html.append("<h2>Biggest movers since ").append(esc(previous.run().periodText())).append("</h2>\n")
                .append("<p class=\"muted\">Ranked by the change's USD equivalent; amounts in the invoice currency.</p>\n");
        for (String kind : List.of("customer", "account", "service")) {
            List<ReportFigures.Mover> movers = now.movers(previous.figures(), kind);
            html.append("<h3>By ").append(kind).append("</h3>\n<table><tr><th>Customer</th>");
            if (!"customer".equals(kind)) {
                html.append("<th>").append("account".equals(kind) ? "Account" : "Service").append("</th>");
            }
            html.append("<th class=\"n\">").append(esc(previous.run().periodText())).append("</th><th class=\"n\">")
                    .append(esc(history.get(history.size() - 1).run().periodText()))
                    .append("</th><th class=\"n\">Change</th><th class=\"n\">%</th></tr>\n");
            for (ReportFigures.Mover m : movers) {
                String currency = m.customer().currency();
                html.append("<tr><td>").append(esc(m.customer().name())).append("</td>");
                if (!"customer".equals(kind)) {
                    html.append("<td>").append(esc(m.item())).append("</td>");
                }
                html.append(num(CurrencyText.format(m.before().amount(), currency)))
                        .append(num(CurrencyText.format(m.now().amount(), currency)))
                        .append("<td class=\"n ").append(m.change().signum() > 0 ? "up" : "down").append("\">")
                        .append(esc((m.change().signum() > 0 ? "+" : "") + CurrencyText.format(m.change(), currency)))
                        .append("</td>").append(num(CurrencyText.percent(m.now().amount(), m.before().amount())))
                        .append("</tr>\n");
            }
            if (movers.isEmpty()) {
                html.append("<tr><td colspan=\"6\" class=\"muted\">no change</td></tr>\n");
            }
            html.append("</table>\n");
        }
    }

    private void margin(ReportFigures now) {
        html.append("<h2>Margin: AWS cost against billed amount</h2>\n");
        Map<String, ReportFigures.Sum> byCustomer = now.byCustomer();
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ReportFigures.Customer c : now.customers()) {
            ReportFigures.Sum sum = byCustomer.get(c.key());
            data.addValue(sum.awsCost(), "AWS cost", label(c));
            data.addValue(sum.usd(), "Billed (USD equivalent)", label(c));
        }
        html.append(ReportCharts.bars("margin", data, "USD")).append('\n');
        html.append("<h3>Per customer</h3>\n<table><tr><th>Customer</th><th class=\"n\">AWS cost (USD)</th>")
                .append("<th class=\"n\">Billed</th><th class=\"n\">Billed (USD eq.)</th><th class=\"n\">Margin (USD)</th>")
                .append("<th class=\"n\">Margin %</th></tr>\n");
        for (ReportFigures.Customer c : now.customers()) {
            ReportFigures.Sum sum = byCustomer.get(c.key());
            html.append("<tr><td>").append(esc(c.name())).append(" <span class=\"muted\">").append(esc(c.customerId()))
                    .append("</span></td>").append(num(usd(sum.awsCost())))
                    .append(num(CurrencyText.format(sum.amount(), c.currency()))).append(num(usd(sum.usd())))
                    .append(num(usd(sum.margin()))).append(num(marginPercent(sum))).append("</tr>\n");
        }
        html.append("</table>\n<h3>Per pricing rule</h3>\n<table><tr><th>Pricing rule</th><th class=\"n\">Lines</th>")
                .append("<th class=\"n\">AWS cost (USD)</th><th class=\"n\">Billed (USD eq.)</th>")
                .append("<th class=\"n\">Margin (USD)</th><th class=\"n\">Margin %</th></tr>\n");
        for (Map.Entry<String, ReportFigures.Sum> rule : now.byPricingRule().entrySet()) {
            ReportFigures.Sum sum = rule.getValue();
            html.append("<tr><td>").append(esc(rule.getKey())).append("</td>").append(num(CurrencyText.count(sum.lines())))
                    .append(num(usd(sum.awsCost()))).append(num(usd(sum.usd()))).append(num(usd(sum.margin())))
                    .append(num(marginPercent(sum))).append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private void chargeTypes(ReportFigures now) {
        html.append("<h2>Charge types per customer</h2>\n");
        Map<String, Map<String, ReportFigures.Sum>> byType = now.chargeTypesByCustomer();
        java.util.Set<String> types = new java.util.TreeSet<>();
        byType.values().forEach(m -> types.addAll(m.keySet()));
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (String type : types) {
            for (ReportFigures.Customer c : now.customers()) {
                data.addValue(byType.get(c.key()).getOrDefault(type, ReportFigures.Sum.ZERO).usd(), type, label(c));
            }
        }
        html.append(ReportCharts.stacked("charges", data, "USD equivalent")).append('\n');
        html.append("<table><tr><th>Customer</th>");
        types.forEach(t -> html.append("<th class=\"n\">").append(esc(t)).append("</th>"));
        html.append("</tr>\n");
        for (ReportFigures.Customer c : now.customers()) {
            html.append("<tr><td>").append(esc(c.name())).append("</td>");
            for (String type : types) {
                ReportFigures.Sum sum = byType.get(c.key()).get(type);
                html.append(num(sum == null ? "" : CurrencyText.format(sum.amount(), c.currency())));
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private void tile(String key, String value) {
        html.append("<div class=\"tile\"><div class=\"k\">").append(esc(key)).append("</div><div class=\"v\">")
                .append(esc(value)).append("</div></div>\n");
    }

    /** Chart categories: the customer's name, shortened, with its id so two equal names stay apart. */
    private static String label(ReportFigures.Customer c) {
        String name = c.name().replaceAll("\\s+", " ");
        return (name.length() > 28 ? name.substring(0, 27) + "…" : name) + " (" + c.customerId() + ")";
    }

    private static String marginPercent(ReportFigures.Sum sum) {
        return sum.usd().signum() == 0 ? "" : sum.margin().multiply(BigDecimal.valueOf(100))
                .divide(sum.usd().abs(), 1, java.math.RoundingMode.HALF_UP).toPlainString() + "%";
    }

    private static String usd(BigDecimal amount) {
        return CurrencyText.usd(amount);
    }

    private static String num(String text) {
        return "<td class=\"n\">" + esc(text) + "</td>";
    }

    /** Text for HTML content and attribute values: a name like {@code <script>} shows as text. */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

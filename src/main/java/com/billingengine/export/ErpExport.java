package com.billingengine.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;
import com.billingengine.period.RunOwnership;
import com.billingengine.pricing.CustomLineItem;
import com.billingengine.pricing.InvoiceLine;
import com.billingengine.pricing.PricingRules;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a run's export folder aside ({@code .rev-N.partial}) and moves it into place ({@code rev-N}), so the
 * folder appears complete or not at all. The files depend only on the run's invoice lines: a run killed and
 * restarted writes the same bytes as one that went straight through.
 */
class ErpExport {

    static final String CSV = "invoice-lines.csv";
    static final String XML = "invoices.xml";
    static final String FOCUS = "focus.csv";
    static final String MANIFEST = "manifest.json";
    private static final Logger log = LoggerFactory.getLogger(ErpExport.class);

    private final JdbcClient jdbc;
    private final Path exportsRoot;
    private final List<ExportFormat> formats;
    private final long pauseMs;
    private final RevisionDiff diffs;
    private final Function<BillingRun, PricingRules> rulesOf;
    private final java.util.function.ToIntFunction<BillingRun> invoiceDayOf;
    private final int paymentTermsDays;
    private final boolean approvalRequired;
    private final RunOwnership fence;

    ErpExport(JdbcClient jdbc, Path exportsRoot, List<ExportFormat> formats, long pauseMs) {
        this(jdbc, new RevisionDiff(jdbc, null), exportsRoot, formats, pauseMs, run -> PricingRules.empty());
    }

    ErpExport(JdbcClient jdbc, RevisionDiff diffs, Path exportsRoot, List<ExportFormat> formats, long pauseMs,
            Function<BillingRun, PricingRules> rulesOf) {
        this(jdbc, diffs, exportsRoot, formats, pauseMs, rulesOf, run -> 1, 30, false, run -> {
        });
    }

    /**
     * @param rulesOf the pricing rules that priced a run (as it recorded them), for whether a custom line item
     *                recurs (focus.csv's ChargeFrequency)
     * @param invoiceDayOf the invoice day a run recorded at its first start (billing.export.invoice-day then)
     * @param fence   asked right before the folder is moved into place, in the step's transaction
     */
    ErpExport(JdbcClient jdbc, RevisionDiff diffs, Path exportsRoot, List<ExportFormat> formats, long pauseMs,
            Function<BillingRun, PricingRules> rulesOf, java.util.function.ToIntFunction<BillingRun> invoiceDayOf,
            int paymentTermsDays, boolean approvalRequired, RunOwnership fence) {
        this.invoiceDayOf = invoiceDayOf;
        this.paymentTermsDays = paymentTermsDays;
        this.approvalRequired = approvalRequired;
        this.jdbc = jdbc;
        this.fence = fence;
        this.rulesOf = rulesOf;
        this.diffs = diffs;
        this.exportsRoot = exportsRoot;
        this.formats = formats;
        this.pauseMs = pauseMs;
    }

    static Path folder(Path exportsRoot, BillingRun run) {
        return exportsRoot.resolve(run.periodText()).resolve("rev-" + run.revision());
    }

    /** Where a revision awaiting approval keeps its files: beside the published folder, never in it. */
    static Path pendingFolder(Path exportsRoot, BillingRun run) {
        return exportsRoot.resolve(run.periodText()).resolve("rev-" + run.revision() + ".pending");
    }

    /** Where a rejected revision's files stay, for audit: never published, never delivered. */
    static Path voidedFolder(Path exportsRoot, BillingRun run) {
        return exportsRoot.resolve(run.periodText()).resolve("rev-" + run.revision() + ".voided");
    }

    /** What was published: the folder, the invoice lines it holds, and what its correction says (null: none). */
    record Published(Path folder, int lines, String correction) {
    }

    /**
     * Writes the revision's files and moves them into place: the published folder, or with approval required the
     * pending one, where they wait for {@code approve} (which moves the same bytes to the published folder and only
     * then records them as exported: a revision awaiting approval, or voided, is never what a later one corrects).
     */
    Published publish(BillingRun run, long jobExecutionId, boolean estimated) throws IOException {
        Path target = approvalRequired ? pendingFolder(exportsRoot, run) : folder(exportsRoot, run);
        Path partial = target.resolveSibling(".rev-" + run.revision() + ".partial");
        deleteTree(partial); // left by a run killed while exporting
        Files.createDirectories(partial);

        InvoiceLineSource lines = new InvoiceLineSource(jdbc, run); // streamed per invoice, sorted in Java
        int lineCount = lines.count();
        // a revision after an exported one corrects it: the ERP imports rev-1, then only the corrections
        RevisionDiff.Diff correction = diffs.exportedBefore(run.period(), run.revision())
                .map(corrected -> diffs.diff(run.period(), corrected, run.revision())).orElse(null);
        InvoiceTerms terms = InvoiceTerms.of(jdbc, run, invoiceDayOf.applyAsInt(run), paymentTermsDays);
        List<ExportedFile> files = new ArrayList<>();
        if (formats.contains(ExportFormat.CSV)) {
            int rows = InvoiceLinesCsv.write(partial.resolve(CSV), run.periodText(), lines);
            files.add(new ExportedFile(CSV, rows, sha256(partial.resolve(CSV))));
            written(run, CSV, rows);
        }
        if (formats.contains(ExportFormat.XML)) {
            int rows = InvoicesXml.write(partial.resolve(XML), run.periodText(), run.revision(), estimated, lines,
                    terms);
            InvoicesXml.validate(partial.resolve(XML));
            files.add(new ExportedFile(XML, rows, sha256(partial.resolve(XML))));
            written(run, XML, rows);
        }
        if (formats.contains(ExportFormat.FOCUS)) {
            Predicate<InvoiceLine> recurring = recurringCustomItem(run);
            int rows = correction == null ? FocusCsv.write(partial.resolve(FOCUS), run.periodText(), lines, recurring)
                    : FocusCsv.writeCorrection(partial.resolve(FOCUS), run.periodText(),
                            CorrectionFiles.focusRows(correction), recurring);
            files.add(new ExportedFile(FOCUS, rows, sha256(partial.resolve(FOCUS))));
            written(run, FOCUS, rows);
        }
        if (correction != null && formats.contains(ExportFormat.CSV)) {
            int rows = CorrectionFiles.writeCsv(partial.resolve(CorrectionFiles.CSV), correction);
            files.add(new ExportedFile(CorrectionFiles.CSV, rows, sha256(partial.resolve(CorrectionFiles.CSV))));
            written(run, CorrectionFiles.CSV, rows);
        }
        if (correction != null && formats.contains(ExportFormat.XML)) {
            int rows = CorrectionFiles.writeXml(partial.resolve(CorrectionFiles.XML), correction, estimated,
                    terms);
            files.add(new ExportedFile(CorrectionFiles.XML, rows, sha256(partial.resolve(CorrectionFiles.XML))));
            written(run, CorrectionFiles.XML, rows);
        }
        writeManifest(partial.resolve(MANIFEST), run, jobExecutionId, estimated, files, lines, correction);

        // a process that lost its lease (frozen past it while another took the run over) stops here; the renewal
        // keeps the lease row locked until this step commits, so nobody takes over between this line and the move
        fence.confirm(run);
        if (Files.exists(target)) {
            // only this run writes rev-N: an existing folder is this run's own, published before a crash
            deleteTree(target);
        }
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target);
        }
        if (approvalRequired) {
            awaitApproval(jdbc, run);
            log.info("{}: {} invoice lines written to {}, awaiting approval (approve or reject)", run, lineCount,
                    target);
        } else {
            record(jdbc, run, files);
            log.info("{}: exported {} invoice lines to {}", run, lineCount, target);
        }
        String said = correction == null ? null : describe(correction);
        if (said != null) {
            log.info("{}: {}", run, said);
        }
        return new Published(target, lineCount, said);
    }

    /**
     * A custom line (its pricing rule is the item's id) recurs if the rules that priced the run hold a recurring item
     * of that id for the customer and period.
     */
    private Predicate<InvoiceLine> recurringCustomItem(BillingRun run) {
        PricingRules rules = rulesOf.apply(run);
        return line -> rules.customItemsFor(line.customerId(), run.period()).stream()
                .anyMatch(item -> item.id().equals(line.pricingRule())
                        && item.recurrence() == CustomLineItem.Recurrence.RECURRING);
    }

    /** One line for the log and the run summary; an empty correction says so. */
    static String describe(RevisionDiff.Diff correction) {
        if (correction.isEmpty()) {
            return "correction of rev-" + correction.from() + ": no change, empty correction written";
        }
        return "correction of rev-" + correction.from() + ": " + correction.changedLines() + " changed line"
                + (correction.changedLines() == 1 ? "" : "s") + ", " + correction.customers().stream()
                        .map(c -> c.customerId() + " " + c.noteType() + " " + c.delta().toPlainString() + " "
                                + c.currency())
                        .collect(Collectors.joining(", "));
    }

    private void written(BillingRun run, String file, int rows) {
        log.info("{}: wrote {} ({} rows) aside", run, file, rows);
        if (pauseMs > 0) {
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void writeManifest(Path file, BillingRun run, long jobExecutionId, boolean estimated,
            List<ExportedFile> files, Iterable<InvoiceLine> lines, RevisionDiff.Diff correction) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("period", run.periodText());
        manifest.put("revision", run.revision());
        manifest.put("jobExecutionId", jobExecutionId);
        manifest.put("estimated", estimated);
        manifest.put("kind", correction == null ? "invoice" : "correction");
        if (correction != null) {
            manifest.put("corrects", correction.from());
        }
        manifest.put("files", files.stream().map(f -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", f.name());
            entry.put("rows", f.rows());
            entry.put("sha256", f.sha256());
            return entry;
        }).toList());
        manifest.put("customers", customers(lines));
        manifest.put("reconciliation", reconciliation(run));
        if (correction != null) {
            manifest.put("correction", correctionSummary(correction));
        }
        JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.writeString(file, json.writeValueAsString(manifest) + "\n");
    }

    /** The reconciliation step's results, per payer, as the contract's manifest block. */
    private List<Map<String, Object>> reconciliation(BillingRun run) {
        return jdbc.sql("SELECT payer_account_id, cost_explorer_total, staged_total FROM reconciliation"
                + " WHERE billing_period = ? AND revision = ? ORDER BY payer_account_id")
                .params(run.periodText(), run.revision())
                .query((rs, i) -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    BigDecimal costExplorer = rs.getBigDecimal("cost_explorer_total");
                    BigDecimal staged = rs.getBigDecimal("staged_total");
                    entry.put("payerAccountId", rs.getString("payer_account_id"));
                    entry.put("costExplorerTotal", Amounts.awsCost(costExplorer));
                    entry.put("stagedTotal", Amounts.awsCost(staged));
                    entry.put("difference", Amounts.awsCost(costExplorer.subtract(staged)));
                    return entry;
                })
                .list();
    }

    /** Per corrected invoice: the totals before and now and the delta; empty when nothing changed. */
    private static Map<String, Object> correctionSummary(RevisionDiff.Diff correction) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("changedLines", correction.changedLines());
        summary.put("notes", correction.customers().stream().map(c -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("customerId", c.customerId());
            entry.put("currency", c.currency());
            entry.put("type", c.noteType());
            entry.put("id", c.noteId(correction.period(), correction.to()));
            entry.put("corrects", c.invoicedBefore() ? c.invoiceId(correction.period()) : null);
            entry.put("lines", c.lines().size());
            entry.put("totalBefore", c.totalBefore().toPlainString());
            entry.put("totalNow", c.totalNow().toPlainString());
            entry.put("delta", c.delta().toPlainString());
            return entry;
        }).toList());
        return summary;
    }

    private static List<Map<String, Object>> customers(Iterable<InvoiceLine> lines) {
        Map<String, Map<String, Object>> customers = new LinkedHashMap<>();
        for (InvoiceLine l : lines) {
            Map<String, Object> c = customers.computeIfAbsent(l.customerId() + "\u0000" + l.currency(), k -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("customerId", l.customerId());
                entry.put("customerName", l.customerName());
                entry.put("currency", l.currency());
                entry.put("lines", 0);
                entry.put("total", BigDecimal.ZERO);
                return entry;
            });
            c.put("lines", (Integer) c.get("lines") + 1);
            c.put("total", ((BigDecimal) c.get("total")).add(l.amount()));
        }
        customers.values().forEach(c -> {
            int digits = Math.max(0, java.util.Currency.getInstance((String) c.get("currency")).getDefaultFractionDigits());
            c.put("total", ((BigDecimal) c.get("total")).setScale(digits).toPlainString());
        });
        return new ArrayList<>(customers.values());
    }

    /** The revision waits for a person: AWAITING_APPROVAL, committed with the step. */
    private static void awaitApproval(JdbcClient jdbc, BillingRun run) {
        jdbc.sql("UPDATE billing_run SET approval = ?, approval_by = NULL, approval_at = NULL, approval_reason = NULL"
                + " WHERE billing_period = ? AND revision = ?")
                .params(Release.AWAITING, run.periodText(), run.revision()).update();
    }

    /** export_file: the revision is exported (published), what a later revision corrects and check compares with. */
    static void record(JdbcClient jdbc, BillingRun run, List<ExportedFile> files) {
        jdbc.sql("DELETE FROM export_file WHERE billing_period = ? AND revision = ?")
                .params(run.periodText(), run.revision()).update();
        for (ExportedFile f : files) {
            jdbc.sql("INSERT INTO export_file (billing_period, revision, file_name, sha256, row_count) VALUES (?, ?, ?, ?, ?)")
                    .params(run.periodText(), run.revision(), f.name(), f.sha256(), f.rows()).update();
        }
    }

    static String sha256(Path file) throws IOException {
        return sha256(Files.newInputStream(file));
    }

    /** The hex SHA-256 of what the stream holds (delivery reads an SFTP file back with it); closes the stream. */
    static String sha256(InputStream stream) throws IOException {
        try (InputStream in = new DigestInputStream(stream, MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

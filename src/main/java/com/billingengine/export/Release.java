package com.billingengine.export;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.billingengine.BillingProperties;
import com.billingengine.period.RefusedException;
import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Approval before release ({@code billing.export.approval: required}). The job completes with the revision's files
 * and finance report in {@code rev-N.pending} and the revision AWAITING_APPROVAL in billing_run; {@code approve}
 * moves that folder to {@code rev-N} (one rename: the published folder appears whole or not at all), records the
 * files as exported and who approved when, then delivers; {@code reject} moves it to {@code rev-N.voided} and voids
 * the revision, which is then never exported, delivered, corrected against or compared with by {@code check}.
 * Every step can be repeated after a crash: a folder already moved is taken as moved.
 */
@Service
public class Release {

    public static final String AWAITING = "AWAITING_APPROVAL";
    public static final String APPROVED = "APPROVED";
    public static final String VOIDED = "VOIDED";

    private static final Logger log = LoggerFactory.getLogger(Release.class);

    /** A revision's release state, with who decided and when (the database's clock); null for awaiting. */
    public record Approval(String state, String by, OffsetDateTime at, String reason) {

        public boolean awaiting() {
            return AWAITING.equals(state);
        }

        public boolean voided() {
            return VOIDED.equals(state);
        }

        /** One line for people: "AWAITING_APPROVAL", "APPROVED by ana at 2026-11-03T09:12:00Z", "VOIDED by … : why". */
        public String describe() {
            return state + (by == null ? "" : " by " + by) + (at == null ? "" : " at " + at.toInstant())
                    + (reason == null ? "" : ": " + reason);
        }
    }

    /** What approve did: the published folder and the delivery (or why it failed: the revision stays approved). */
    public record Approved(Path folder, Delivery.Delivered delivered, String deliveryFailure, boolean again) {
    }

    private final JdbcClient jdbc;
    private final Path exportsRoot;
    private final Delivery delivery;
    private final BillingProperties properties;
    private final TransactionTemplate transaction;

    Release(JdbcClient jdbc, BillingProperties properties, Delivery delivery,
            PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.exportsRoot = properties.dataDir().resolve("exports");
        this.delivery = delivery;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /** The revision's release state; empty for a revision published without approval (or unknown). */
    public Optional<Approval> state(BillingRun run) {
        return jdbc.sql("SELECT approval, approval_by, approval_at, approval_reason FROM billing_run"
                + " WHERE billing_period = ? AND revision = ? AND approval IS NOT NULL")
                .params(run.periodText(), run.revision())
                .query((rs, i) -> new Approval(rs.getString("approval"), rs.getString("approval_by"),
                        rs.getObject("approval_at", OffsetDateTime.class), rs.getString("approval_reason")))
                .optional();
    }

    /** The folder a revision awaiting approval keeps its files in. */
    public Path pendingFolder(BillingRun run) {
        return ErpExport.pendingFolder(exportsRoot, run);
    }

    /**
     * {@code approve}: publishes the revision's pending files as they are (the bytes the job wrote, so the bytes a
     * run without approval publishes), records who and when, then delivers to the configured targets. A revision
     * already approved whose delivery did not reach every target is delivered again (only what is missing).
     *
     * @throws RefusedException the revision is unknown, voided, or approved and delivered already
     */
    public Approved approve(BillingPeriod period, int revision, String by) {
        BillingRun run = new BillingRun(period, revision);
        Approval approval = decided(run, "approve");
        Path published = ErpExport.folder(exportsRoot, run);
        boolean again = false;
        if (APPROVED.equals(approval.state())) {
            if (targets().isEmpty() || allDelivered(run)) {
                throw new RefusedException(run + " is already " + approval.describe() + ": nothing to approve");
            }
            again = true;
        } else {
            move(pendingFolder(run), published, run);
            List<ExportedFile> files = manifestFiles(published);
            transaction.executeWithoutResult(status -> {
                int updated = jdbc.sql("UPDATE billing_run SET approval = ?, approval_by = ?,"
                                + " approval_at = CURRENT_TIMESTAMP WHERE billing_period = ? AND revision = ?"
                                + " AND approval = ?")
                        .params(APPROVED, by, run.periodText(), run.revision(), AWAITING).update();
                if (updated != 1) {
                    throw new RefusedException(run + " was decided by someone else meanwhile: see `status --period "
                            + period + "`");
                }
                ErpExport.record(jdbc, run, files);
            });
            log.info("{}: approved by {}: published {}", run, by, published);
        }
        try {
            return new Approved(published, delivery.deliver(run, unfenced -> {
            }), null, again);
        } catch (IOException | RuntimeException e) {
            log.error("{}: delivery after approval failed", run, e);
            return new Approved(published, null, e.getMessage(), again);
        }
    }

    /**
     * {@code reject}: voids a revision awaiting approval; its files stay in {@code rev-N.voided} for audit. The next
     * {@code run --rerun} makes a new revision that corrects the last approved one.
     */
    public Path reject(BillingPeriod period, int revision, String by, String reason) {
        BillingRun run = new BillingRun(period, revision);
        Approval approval = decided(run, "reject");
        if (!approval.awaiting()) {
            throw new RefusedException(run + " is " + approval.describe() + ", not awaiting approval: only a revision"
                    + " awaiting approval can be rejected");
        }
        Path voided = ErpExport.voidedFolder(exportsRoot, run);
        move(pendingFolder(run), voided, run);
        int updated = jdbc.sql("UPDATE billing_run SET approval = ?, approval_by = ?, approval_at = CURRENT_TIMESTAMP,"
                        + " approval_reason = ? WHERE billing_period = ? AND revision = ? AND approval = ?")
                .params(VOIDED, by, reason, run.periodText(), run.revision(), AWAITING).update();
        if (updated != 1) {
            throw new RefusedException(run + " was decided by someone else meanwhile: see `status --period " + period
                    + "`");
        }
        log.info("{}: rejected by {} ({}): voided, files kept in {}", run, by, reason, voided);
        return voided;
    }

    /** The revision's state for approve or reject; refused when there is nothing to decide. */
    private Approval decided(BillingRun run, String command) {
        Approval approval = state(run).orElse(null);
        if (approval == null) {
            boolean known = jdbc.sql("SELECT COUNT(*) FROM billing_run WHERE billing_period = ? AND revision = ?")
                    .params(run.periodText(), run.revision()).query(Integer.class).single() > 0;
            throw new RefusedException(known ? run + " is not awaiting approval (it was published without approval, or"
                    + " its run has not reached erpExport): nothing to " + command
                    : run + " does not exist: see `status --period " + run.period() + "`");
        }
        if (approval.voided()) {
            throw new RefusedException(run + " is " + approval.describe() + ": a voided revision is never published;"
                    + " bill the period again with `run --period " + run.period() + " --rerun`");
        }
        return approval;
    }

    private List<String> targets() {
        List<String> targets = properties.export().delivery();
        return targets == null ? List.of() : targets;
    }

    /** Whether every configured target holds a receipt of the revision (a target's receipts come all at once). */
    private boolean allDelivered(BillingRun run) {
        List<String> received = delivery.receipts(run).stream().map(Delivery.Receipt::target).distinct().toList();
        return targets().stream().allMatch(t -> received.contains(DeliveryUrl.parse(t).text()));
    }

    /** Renames the folder in one step; one already renamed (a crash after the move) is taken as done. */
    private static void move(Path from, Path to, BillingRun run) {
        try {
            if (!Files.isDirectory(from)) {
                if (Files.isRegularFile(to.resolve(ErpExport.MANIFEST))) {
                    return;
                }
                throw new IllegalStateException(run + ": neither " + from + " nor " + to + " holds the revision's"
                        + " files: restore the folder from a backup before deciding it");
            }
            if (Files.exists(to)) {
                throw new IllegalStateException(run + ": " + to + " exists already; move it aside before deciding "
                        + run);
            }
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not move " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** The files the manifest lists, as export_file records them. */
    private static List<ExportedFile> manifestFiles(Path folder) {
        JsonNode manifest = JsonMapper.builder().build().readTree(folder.resolve(ErpExport.MANIFEST).toFile());
        List<ExportedFile> files = new ArrayList<>();
        for (JsonNode entry : manifest.get("files")) {
            files.add(new ExportedFile(entry.get("name").asText(), entry.get("rows").asInt(),
                    entry.get("sha256").asText()));
        }
        return files;
    }
}

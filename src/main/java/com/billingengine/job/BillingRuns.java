package com.billingengine.job;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;

/**
 * Table billing_run: the revisions of each period and the lease of the process that runs each. The lease's expiry
 * is written and compared with the database's clock only, so clock skew between hosts never matters.
 */
@Repository
class BillingRuns {

    /** The per-revision tables a re-extraction replaces: everything staged after payerDiscovery. */
    static final List<String> RESTAGED_TABLES = List.of("linked_account", "cost_line", "invoice_line",
            "reconciliation", "export_file");

    private static final String LEASE_UNTIL = "CURRENT_TIMESTAMP + CAST(? AS INTEGER) * INTERVAL '1' SECOND";

    /** Who asks for a lease: a random id per engine start; host and pid only tell people where it runs. */
    record Owner(String id, String host, long pid) {

        static Owner random() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
            return new Owner(UUID.randomUUID().toString(), host, ProcessHandle.current().pid());
        }
    }

    /**
     * A run's lease as the database sees it. {@code ownerId} null: the run was recorded before leases existed (or
     * never started), so nothing tells whether its process lives; {@code fresh}: renewed within the lease time.
     */
    record Lease(String ownerId, String host, Long pid, OffsetDateTime expiresAt, boolean fresh) {

        boolean neverLeased() {
            return ownerId == null;
        }

        String describe() {
            return "held by " + (host == null ? "an unknown host" : host) + (pid == null ? "" : " pid " + pid)
                    + (expiresAt == null ? ", released" : (fresh ? " until " : ", expired at ") + expiresAt);
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    BillingRuns(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    Optional<Integer> latestRevision(BillingPeriod period) {
        int latest = jdbc.sql("SELECT COALESCE(MAX(revision), 0) FROM billing_run WHERE billing_period = ?")
                .param(period.toString()).query(Integer.class).single();
        return latest == 0 ? Optional.empty() : Optional.of(latest);
    }

    Optional<Lease> lease(BillingRun run) {
        return jdbc.sql("""
                SELECT owner_id, host, pid, lease_expires_at,
                       CASE WHEN lease_expires_at >= CURRENT_TIMESTAMP THEN 1 ELSE 0 END AS fresh
                FROM billing_run WHERE billing_period = ? AND revision = ?""")
                .params(run.periodText(), run.revision())
                .query((rs, i) -> new Lease(rs.getString("owner_id"), rs.getString("host"),
                        rs.getObject("pid") == null ? null : rs.getLong("pid"),
                        rs.getObject("lease_expires_at", OffsetDateTime.class), rs.getInt("fresh") == 1))
                .optional();
    }

    /** The answer to a lease request: granted or not, and the lease as it was before (empty: a new revision). */
    record Grant(boolean granted, Optional<Lease> before) {
    }

    /**
     * Takes the run's lease for {@code owner} in one statement: granted when nobody holds it, when {@code owner}
     * already does, or when the holder's lease expired; a new revision's row is created with the lease.
     */
    Grant acquire(BillingRun run, Owner owner, int leaseSeconds) {
        Optional<Lease> before = lease(run);
        return new Grant(take(run, owner, leaseSeconds), before);
    }

    private boolean take(BillingRun run, Owner owner, int leaseSeconds) {
        int updated = jdbc.sql("UPDATE billing_run SET owner_id = ?, host = ?, pid = ?, lease_expires_at = "
                        + LEASE_UNTIL + " WHERE billing_period = ? AND revision = ? AND (owner_id IS NULL OR owner_id = ?"
                        + " OR lease_expires_at IS NULL OR lease_expires_at < CURRENT_TIMESTAMP)")
                .params(owner.id(), owner.host(), owner.pid(), leaseSeconds, run.periodText(), run.revision(),
                        owner.id())
                .update();
        if (updated == 1) {
            return true;
        }
        if (lease(run).isPresent()) {
            return false;
        }
        try {
            jdbc.sql("INSERT INTO billing_run (billing_period, revision, owner_id, host, pid, lease_expires_at)"
                            + " VALUES (?, ?, ?, ?, ?, " + LEASE_UNTIL + ")")
                    .params(run.periodText(), run.revision(), owner.id(), owner.host(), owner.pid(), leaseSeconds)
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false; // another process created the revision a moment ago: it holds the lease
        }
    }

    /** The heartbeat: false when the lease is no longer this owner's (it expired and another process took it). */
    boolean renew(BillingRun run, Owner owner, int leaseSeconds) {
        return jdbc.sql("UPDATE billing_run SET lease_expires_at = " + LEASE_UNTIL
                        + " WHERE billing_period = ? AND revision = ? AND owner_id = ?")
                .params(leaseSeconds, run.periodText(), run.revision(), owner.id()).update() == 1;
    }

    void release(BillingRun run, Owner owner) {
        jdbc.sql("UPDATE billing_run SET lease_expires_at = NULL WHERE billing_period = ? AND revision = ?"
                        + " AND owner_id = ?")
                .params(run.periodText(), run.revision(), owner.id()).update();
    }

    /** Whether the revision's staged cost lines hold estimated Cost Explorer days (what invoiceLines refuses). */
    boolean stagedEstimated(BillingRun run) {
        return jdbc.sql("SELECT COUNT(*) FROM cost_line WHERE billing_period = ? AND revision = ? AND estimated = TRUE")
                .params(run.periodText(), run.revision()).query(Long.class).single() > 0;
    }

    /** The job execution up to which the run's steps after payerDiscovery are stale (restart --reextract). */
    Optional<Long> reextractAfter(BillingRun run) {
        return jdbc.sql("SELECT reextract_after FROM billing_run WHERE billing_period = ? AND revision = ?")
                .params(run.periodText(), run.revision()).query((rs, i) -> (Long) rs.getObject("reextract_after", Long.class))
                .optional();
    }

    /**
     * Discards what the run staged after payerDiscovery and marks the steps that completed up to job execution
     * {@code lastExecutionId} stale, in one transaction: a crash leaves either the old state or the new one, and
     * any later restart of the revision (plain or not) still re-runs those steps.
     */
    void supersedeStaged(BillingRun run, long lastExecutionId) {
        transaction.executeWithoutResult(status -> {
            for (String table : RESTAGED_TABLES) {
                jdbc.sql("DELETE FROM " + table + " WHERE billing_period = ? AND revision = ?")
                        .params(run.periodText(), run.revision()).update();
            }
            jdbc.sql("UPDATE billing_run SET reextract_after = ? WHERE billing_period = ? AND revision = ?")
                    .params(lastExecutionId, run.periodText(), run.revision()).update();
        });
    }
}

package com.billingengine.payers;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import com.billingengine.period.BillingPeriod;

/**
 * The registry of onboarded payer accounts: table {@code payer} holds the account (role, onboarding), table
 * {@code payer_version} its terms over time. A period is billed with the version in force for it: of the versions
 * whose period is at or before it, the latest; versions are only ever added.
 */
@Repository
public class PayerRegistry {

    /** The order in which versions take over: by period (since registration first), then as recorded. */
    private static final Comparator<PayerVersion> IN_FORCE_ORDER = Comparator.comparing(PayerVersion::from,
            Comparator.nullsFirst(Comparator.<BillingPeriod>naturalOrder())).thenComparing(PayerVersion::version);

    private static final String ONBOARDED = "ACTIVE";
    private static final String PENDING = "PENDING";

    private final JdbcClient jdbc;
    private final Clock clock;

    public PayerRegistry(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Every registered payer with the terms in force now (the current month); see {@link #findAll(BillingPeriod)}. */
    public List<PayerAccount> findAll() {
        return findAll(currentPeriod());
    }

    /**
     * Every payer with the terms in force for the period; a payer whose first version starts later is listed with
     * that first version (it is not billable in the period: see {@link #billableIn}).
     */
    public List<PayerAccount> findAll(BillingPeriod period) {
        Map<String, List<PayerVersion>> versions = versionsByPayer();
        List<PayerAccount> payers = new ArrayList<>();
        jdbc.sql("SELECT * FROM payer ORDER BY payer_account_id").query(rs -> {
            String id = rs.getString("payer_account_id");
            PayerVersion terms = inForce(versions.getOrDefault(id, List.of()), period)
                    .orElseGet(() -> versions.get(id).get(0));
            payers.add(account(rs, terms));
        });
        return payers;
    }

    /** The payers a run of the period bills: validated, with an ACTIVE version in force for the period. */
    public List<PayerAccount> billableIn(BillingPeriod period) {
        Map<String, List<PayerVersion>> versions = versionsByPayer();
        List<PayerAccount> payers = new ArrayList<>();
        jdbc.sql("SELECT * FROM payer WHERE onboarding = ? ORDER BY payer_account_id").param(ONBOARDED).query(rs -> {
            PayerVersion terms = inForce(versions.getOrDefault(rs.getString("payer_account_id"), List.of()), period)
                    .orElse(null);
            if (terms != null && terms.status() == PayerStatus.ACTIVE) {
                payers.add(account(rs, terms));
            }
        });
        return payers;
    }

    /** The payers not yet validated (onboarding PENDING), in order: what `payers validate --pending` checks. */
    public List<String> notValidated() {
        return jdbc.sql("SELECT payer_account_id FROM payer WHERE onboarding = ? ORDER BY payer_account_id")
                .param(PENDING).query(String.class).list();
    }

    public Optional<PayerAccount> find(String payerAccountId) {
        return findAll().stream().filter(p -> p.payerAccountId().equals(payerAccountId)).findFirst();
    }

    /** The payer's versions in the order they were recorded. */
    public List<PayerVersion> history(String payerAccountId) {
        return jdbc.sql("SELECT * FROM payer_version WHERE payer_account_id = ? ORDER BY version")
                .param(payerAccountId).query(PayerRegistry::version).list();
    }

    /** The version in force for the period, if any. */
    public Optional<PayerVersion> inForce(String payerAccountId, BillingPeriod period) {
        return inForce(history(payerAccountId), period);
    }

    /** Every customer id any version of any payer names, and every payer id: what pricing rules may refer to. */
    public Known known() {
        TreeSet<String> customers = new TreeSet<>(jdbc.sql("SELECT DISTINCT customer_id FROM payer_version")
                .query(String.class).list());
        TreeSet<String> payers = new TreeSet<>(jdbc.sql("SELECT payer_account_id FROM payer").query(String.class).list());
        return new Known(customers, payers);
    }

    /** The customer and payer ids the registry knows, in order. */
    public record Known(TreeSet<String> customerIds, TreeSet<String> payerAccountIds) {
    }

    /**
     * The payers whose terms change in the period, for people (status, the finance report): a payer joining,
     * suspended, resumed or with new terms from this period, and one whose last period this is (offboarded or
     * suspended from the next).
     */
    public List<String> changesIn(BillingPeriod period) {
        List<String> changes = new ArrayList<>();
        versionsByPayer().forEach((payer, versions) -> {
            PayerVersion before = inForce(versions, period.previous()).orElse(null);
            PayerVersion now = inForce(versions, period).orElse(null);
            PayerVersion after = inForce(versions, period.next()).orElse(null);
            if (now != null && before == null) {
                changes.add("payer " + payer + " (" + now.customerId() + ") joins " + now.fromText()
                        + " (version " + now.version() + ")");
            } else if (now != null && now.version() != before.version() && !now.sameTerms(before)) {
                changes.add("payer " + payer + " (" + now.customerId() + "): " + termChanges(before, now) + " "
                        + now.fromText() + " (version " + now.version() + ")");
            }
            if (now != null && after != null && now.status() == PayerStatus.ACTIVE
                    && after.status() != PayerStatus.ACTIVE) {
                changes.add("payer " + payer + " (" + now.customerId() + "): " + period + " is its last period before "
                        + "it is " + after.status() + " " + after.fromText() + (after.reason() == null ? ""
                                : " (" + after.reason() + ")"));
            }
        });
        return changes;
    }

    private static String termChanges(PayerVersion before, PayerVersion now) {
        List<String> what = new ArrayList<>();
        if (!before.customerId().equals(now.customerId()) || !before.customerName().equals(now.customerName())) {
            what.add("customer " + before.customerId() + " → " + now.customerId() + " (" + now.customerName() + ")");
        }
        if (!before.currency().equals(now.currency())) {
            what.add("currency " + before.currency() + " → " + now.currency());
        }
        if (before.markupPercent().compareTo(now.markupPercent()) != 0) {
            what.add("markup " + before.markupPercent().toPlainString() + "% → " + now.markupPercent().toPlainString() + "%");
        }
        if (before.status() != now.status()) {
            what.add(before.status() + " → " + now.status());
        }
        if (!java.util.Objects.equals(before.paymentTermsDays(), now.paymentTermsDays())) {
            what.add("payment terms " + before.paymentTermsText() + " → " + now.paymentTermsText());
        }
        return String.join(", ", what);
    }

    public boolean isEmpty() {
        return jdbc.sql("SELECT COUNT(*) FROM payer").query(Long.class).single() == 0;
    }

    /**
     * Adds all payers or none, each with its first version from {@code from} (null: since registration). A payer
     * already registered with the same entry is left as it is (an import can be repeated); one whose entry differs
     * refuses the whole batch, pointing to {@code payers set}: terms change by dated versions, never in place.
     *
     * @return the payers added (not those already registered unchanged)
     */
    @Transactional
    public List<PayerAccount> addAll(List<PayerAccount> payers, BillingPeriod from) {
        List<PayerAccount> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        Map<String, PayerAccount> registeredNow = new TreeMap<>();
        findAll().forEach(p -> registeredNow.put(p.payerAccountId(), p)); // one read of the registry, not one per row
        for (PayerAccount payer : payers) {
            Optional<PayerAccount> registered = Optional.ofNullable(registeredNow.get(payer.payerAccountId()));
            if (registered.isEmpty()) {
                added.add(payer);
            } else if (!sameEntry(registered.get(), payer)) {
                changed.add("payer " + payer.payerAccountId() + " (" + registered.get().customerName() + ") is already"
                        + " in the registry with other terms; change them from a period on with `payers set --payer "
                        + payer.payerAccountId() + " --from YYYY-MM …` (or suspend, resume, offboard)");
            }
        }
        if (!changed.isEmpty()) {
            throw new PayerImportException(String.join(System.lineSeparator(), changed));
        }
        Timestamp now = Timestamp.from(clock.instant());
        for (PayerAccount p : added) {
            // onboarded only when validated, or ACTIVE as the sandbox seeds its own payers (the commands refuse
            // ACTIVE): a payer added SUSPENDED stays unvalidated, so `payers resume` alone never bills it
            boolean onboarded = p.status() == PayerStatus.ACTIVE || p.validatedAt() != null;
            jdbc.sql("""
                    INSERT INTO payer (payer_account_id, role_arn, onboarding, validated_at, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(p.payerAccountId(), p.roleArn(), onboarded ? ONBOARDED : PENDING,
                            p.validatedAt() == null ? null : Timestamp.from(p.validatedAt()), now, now)
                    .update();
            insert(new PayerVersion(p.payerAccountId(), 1, from, p.customerId(), p.customerName(), p.currency(),
                    p.markupPercent(), p.status() == PayerStatus.PENDING ? PayerStatus.ACTIVE : p.status(), null,
                    recorder(), clock.instant(), p.paymentTermsDays()));
        }
        return added;
    }

    /** As {@link #addAll(List, BillingPeriod)}, billable since registration. */
    public List<PayerAccount> addAll(List<PayerAccount> payers) {
        return addAll(payers, null);
    }

    /**
     * Records a new version of a payer's terms. It must not start before the payer's latest version (the history
     * stays a sequence of periods; a version from the same period as the latest supersedes it, which is kept).
     *
     * @return the version as recorded, numbered
     * @throws RegistryStateException when the history forbids it (dated before the latest version, after the payer's
     *                                offboarding)
     */
    @Transactional
    public PayerVersion record(PayerVersion change) {
        List<PayerVersion> history = history(change.payerAccountId());
        if (history.isEmpty()) {
            throw new PayerImportException("payer " + change.payerAccountId() + " is not in the registry: add it first"
                    + " with `payers add` or `payers import`");
        }
        PayerVersion latest = history.stream().max(IN_FORCE_ORDER).orElseThrow();
        if (latest.from() != null && (change.from() == null || change.from().compareTo(latest.from()) < 0)) {
            throw new RegistryStateException("payer " + change.payerAccountId() + " has a version " + latest.fromText()
                    + " (version " + latest.version() + "); a change must start from " + latest.from()
                    + " or later, so that every period keeps one set of terms");
        }
        PayerVersion numbered = new PayerVersion(change.payerAccountId(), history.size() + 1, change.from(),
                change.customerId(), change.customerName(), change.currency(), change.markupPercent(), change.status(),
                change.reason(), recorder(), clock.instant(), change.paymentTermsDays());
        insert(numbered);
        jdbc.sql("UPDATE payer SET updated_at = ? WHERE payer_account_id = ?")
                .params(Timestamp.from(clock.instant()), change.payerAccountId()).update();
        return numbered;
    }

    /**
     * Onboarding passed (`payers validate`): the payer is billable in the periods its versions make it ACTIVE. Its
     * terms and lifecycle are not touched: a SUSPENDED or OFFBOARDED payer stays so.
     */
    public void markValidated(String payerAccountId, Instant validatedAt) {
        jdbc.sql("UPDATE payer SET onboarding = ?, validated_at = ?, updated_at = ? WHERE payer_account_id = ?")
                .params(ONBOARDED, Timestamp.from(validatedAt), Timestamp.from(clock.instant()), payerAccountId)
                .update();
    }

    public BillingPeriod currentPeriod() {
        return BillingPeriod.lastClosed(clock).next();
    }

    private void insert(PayerVersion v) {
        jdbc.sql("""
                INSERT INTO payer_version (payer_account_id, version, from_period, customer_id, customer_name, currency,
                                           markup_percent, status, reason, recorded_by, recorded_at,
                                           payment_terms_days)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(v.payerAccountId(), v.version(), v.fromColumn(), v.customerId(), v.customerName(),
                        v.currency(), v.markupPercent(), v.status().name(), v.reason(), v.recordedBy(),
                        Timestamp.from(v.recordedAt()), v.paymentTermsDays())
                .update();
    }

    /**
     * A CSV row (PENDING: not yet validated) matches a registered payer that has since been validated; a row without
     * payment terms does not state them (files from before the column), one with them must match.
     */
    private static boolean sameEntry(PayerAccount registered, PayerAccount entry) {
        PayerAccount asRegistered = entry.status() == PayerStatus.PENDING && registered.status() == PayerStatus.ACTIVE
                ? new PayerAccount(entry.payerAccountId(), entry.customerId(), entry.customerName(), entry.currency(),
                        entry.roleArn(), PayerStatus.ACTIVE, entry.markupPercent(), null)
                : entry;
        return registered.sameEntry(asRegistered) && (entry.paymentTermsDays() == null
                || entry.paymentTermsDays().equals(registered.paymentTermsDays()));
    }

    private Map<String, List<PayerVersion>> versionsByPayer() {
        Map<String, List<PayerVersion>> versions = new TreeMap<>();
        jdbc.sql("SELECT * FROM payer_version ORDER BY payer_account_id, version").query(PayerRegistry::version)
                .list().forEach(v -> versions.computeIfAbsent(v.payerAccountId(), k -> new ArrayList<>()).add(v));
        return versions;
    }

    private static Optional<PayerVersion> inForce(List<PayerVersion> versions, BillingPeriod period) {
        return versions.stream().filter(v -> v.inForceFrom(period)).max(IN_FORCE_ORDER);
    }

    private static PayerAccount account(ResultSet rs, PayerVersion terms) throws SQLException {
        Timestamp validated = rs.getTimestamp("validated_at");
        // not yet validated: PENDING, unless its lifecycle says more (added SUSPENDED or OFFBOARDED)
        PayerStatus status = PENDING.equals(rs.getString("onboarding")) && terms.status() == PayerStatus.ACTIVE
                ? PayerStatus.PENDING : terms.status();
        return new PayerAccount(terms.payerAccountId(), terms.customerId(), terms.customerName(), terms.currency(),
                rs.getString("role_arn"), status, terms.markupPercent(),
                validated == null ? null : validated.toInstant(), terms.version(), terms.paymentTermsDays());
    }

    private static PayerVersion version(ResultSet rs, int row) throws SQLException {
        String from = rs.getString("from_period");
        return new PayerVersion(rs.getString("payer_account_id"), rs.getInt("version"),
                PayerVersion.SINCE_REGISTRATION.equals(from) ? null : BillingPeriod.parse(from),
                rs.getString("customer_id"), rs.getString("customer_name"), rs.getString("currency"),
                strip(rs.getBigDecimal("markup_percent")), PayerStatus.valueOf(rs.getString("status")),
                rs.getString("reason"), rs.getString("recorded_by"), rs.getTimestamp("recorded_at").toInstant(),
                (Integer) rs.getObject("payment_terms_days", Integer.class));
    }

    private static BigDecimal strip(BigDecimal percent) {
        BigDecimal stripped = percent.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** Who recorded a change, for the audit: the operating-system user of the engine's process. */
    private static String recorder() {
        return System.getProperty("user.name", "unknown");
    }
}

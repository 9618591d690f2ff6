package com.billingengine.accounts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import com.billingengine.period.BillingRun;

/**
 * Accounts that Cost Explorer charges a payer for but that Organizations no longer lists: they left the
 * organisation during the month. They join the period's account snapshot ({@code linked_account}) with the name
 * Cost Explorer gives them and the state {@value #LEFT_ORGANIZATION}, so every later step bills them like any other
 * account. Writes in the caller's transaction (the cost lines' chunk), so a line is never staged without its account.
 */
public final class DepartedAccounts {

    public static final String LEFT_ORGANIZATION = "LEFT_ORGANIZATION";
    private static final Logger log = LoggerFactory.getLogger(DepartedAccounts.class);

    private final JdbcTemplate jdbc;
    private final BillingRun run;
    private final String payerAccountId;
    private Set<String> listed;

    public DepartedAccounts(JdbcTemplate jdbc, BillingRun run, String payerAccountId) {
        this.jdbc = jdbc;
        this.run = run;
        this.payerAccountId = payerAccountId;
    }

    /**
     * Adds each account that is not in the payer's snapshot yet; {@code costExplorerName} gives its name (null when
     * Cost Explorer named none: the account id stands in, so no billed line is nameless).
     *
     * @return the accounts added now (none when a replayed chunk finds them recorded)
     */
    public List<String> record(Collection<String> accountIds, Function<String, String> costExplorerName) {
        if (listed == null) {
            // what accountListing stored (and, after a restart, what earlier chunks added)
            listed = new HashSet<>(jdbc.queryForList("""
                    SELECT account_id FROM linked_account
                    WHERE billing_period = ? AND revision = ? AND payer_account_id = ?""",
                    String.class, run.periodText(), run.revision(), payerAccountId));
        }
        List<String> added = new ArrayList<>();
        for (String accountId : new TreeSet<>(accountIds)) {
            if (listed.contains(accountId)) {
                continue;
            }
            String name = costExplorerName.apply(accountId);
            if (name == null || name.isBlank()) {
                log.warn("payer {}: account {} is charged but neither Organizations nor Cost Explorer names it: "
                        + "billed under its id", payerAccountId, accountId);
                name = accountId;
            }
            int inserted = jdbc.update("""
                    INSERT INTO linked_account (billing_period, revision, payer_account_id, account_id, account_name,
                                                state)
                    SELECT ?, ?, ?, ?, ?, ? FROM (VALUES (1)) one
                    WHERE NOT EXISTS (SELECT 1 FROM linked_account WHERE billing_period = ? AND revision = ?
                                      AND payer_account_id = ? AND account_id = ?)""",
                    run.periodText(), run.revision(), payerAccountId, accountId, name, LEFT_ORGANIZATION,
                    run.periodText(), run.revision(), payerAccountId, accountId);
            if (inserted > 0) {
                log.info("payer {}: account {} \"{}\" left the organisation (Organizations no longer lists it) but is "
                        + "charged for {}: billed under its Cost Explorer name", payerAccountId, accountId, name,
                        run.period());
                added.add(accountId);
            }
        }
        return added;
    }
}

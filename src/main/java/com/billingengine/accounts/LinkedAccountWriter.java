package com.billingengine.accounts;

import java.sql.Timestamp;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.billingengine.period.BillingRun;

/** Upserts the account snapshot by (period, revision, payer, account): a replayed chunk changes nothing. */
class LinkedAccountWriter implements ItemWriter<LinkedAccount> {

    private final JdbcClient jdbc;
    private final BillingRun run;

    LinkedAccountWriter(JdbcClient jdbc, BillingRun run) {
        this.jdbc = jdbc;
        this.run = run;
    }

    @Override
    public void write(Chunk<? extends LinkedAccount> chunk) {
        for (LinkedAccount a : chunk) {
            jdbc.sql("""
                    DELETE FROM linked_account
                    WHERE billing_period = ? AND revision = ? AND payer_account_id = ? AND account_id = ?""")
                    .params(run.periodText(), run.revision(), a.payerAccountId(), a.accountId()).update();
            jdbc.sql("""
                    INSERT INTO linked_account (billing_period, revision, payer_account_id, account_id, account_name,
                                                email, state, joined_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(run.periodText(), run.revision(), a.payerAccountId(), a.accountId(), a.name(), a.email(),
                            a.state(), a.joinedAt() == null ? null : Timestamp.from(a.joinedAt()))
                    .update();
        }
    }
}

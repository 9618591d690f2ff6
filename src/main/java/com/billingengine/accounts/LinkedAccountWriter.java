package com.billingengine.accounts;

import java.sql.Timestamp;
import java.util.List;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

import com.billingengine.batch.Upsert;
import com.billingengine.period.BillingRun;

/** Upserts the account snapshot by (period, revision, payer, account): a replayed chunk changes nothing. */
class LinkedAccountWriter implements ItemWriter<LinkedAccount> {

    private final JdbcTemplate jdbc;
    private final BillingRun run;
    private final String upsert;

    LinkedAccountWriter(JdbcTemplate jdbc, BillingRun run) {
        this.jdbc = jdbc;
        this.run = run;
        this.upsert = Upsert.sql(jdbc.getDataSource(), "linked_account",
                List.of("billing_period", "revision", "payer_account_id", "account_id"),
                List.of("account_name", "email", "state", "joined_at"));
    }

    @Override
    public void write(Chunk<? extends LinkedAccount> chunk) {
        jdbc.batchUpdate(upsert, chunk.getItems(), chunk.size(), (ps, a) -> {
            ps.setString(1, run.periodText());
            ps.setInt(2, run.revision());
            ps.setString(3, a.payerAccountId());
            ps.setString(4, a.accountId());
            ps.setString(5, a.name());
            ps.setString(6, a.email());
            ps.setString(7, a.state());
            ps.setTimestamp(8, a.joinedAt() == null ? null : Timestamp.from(a.joinedAt()));
        });
    }
}

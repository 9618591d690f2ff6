package com.billingengine.accounts;

import java.sql.Timestamp;
import java.util.List;

import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import com.billingengine.batch.Upsert;
import com.billingengine.period.BillingRun;

/**
 * Upserts the account snapshot by (period, revision, payer, account) in one JDBC batch per chunk: a replayed chunk
 * changes nothing. Spring Batch's writer also asserts that every row of the batch was written (an update count of
 * 0 fails the chunk), which the hand-written batch did not.
 */
class LinkedAccountWriter extends JdbcBatchItemWriter<LinkedAccount> {

    LinkedAccountWriter(JdbcTemplate jdbc, BillingRun run) {
        setJdbcTemplate(new NamedParameterJdbcTemplate(jdbc));
        setSql(Upsert.sql(jdbc.getDataSource(), "linked_account",
                List.of("billing_period", "revision", "payer_account_id", "account_id"),
                List.of("account_name", "email", "state", "joined_at")));
        setItemPreparedStatementSetter((a, ps) -> {
            ps.setString(1, run.periodText());
            ps.setInt(2, run.revision());
            ps.setString(3, a.payerAccountId());
            ps.setString(4, a.accountId());
            ps.setString(5, a.name());
            ps.setString(6, a.email());
            ps.setString(7, a.state());
            ps.setTimestamp(8, a.joinedAt() == null ? null : Timestamp.from(a.joinedAt()));
        });
        afterPropertiesSet();
    }
}

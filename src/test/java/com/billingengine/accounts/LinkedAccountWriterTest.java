package com.billingengine.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.JdbcTemplate;

import com.billingengine.batch.MigratedDatabase;
import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;

/**
 * The account snapshot is upserted by natural key: a chunk replayed after a restart, or replayed with what
 * Organizations says now, leaves one row per account with the latest values. On H2 (MERGE … KEY) and on the
 * machine's PostgreSQL (INSERT … ON CONFLICT).
 */
class LinkedAccountWriterTest {

    private static final BillingRun RUN = new BillingRun(BillingPeriod.parse("2026-10"), 1);
    private static final Instant JOINED = Instant.parse("2021-03-04T05:06:07Z");
    private JdbcTemplate jdbc;
    private MigratedDatabase database;

    private LinkedAccountWriter writer(String database) throws SQLException {
        this.database = MigratedDatabase.create(database, "linked_account_writer_test");
        jdbc = this.database.jdbc();
        return new LinkedAccountWriter(jdbc, RUN);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    private static LinkedAccount account(String id, String name, String state) {
        return new LinkedAccount("123456789012", id, name, id + "@example.com", state, JOINED);
    }

    private List<Map<String, Object>> rows() {
        return jdbc.queryForList("SELECT billing_period, revision, account_id, account_name, state, joined_at"
                + " FROM linked_account ORDER BY account_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aReplayedChunkUpdatesItsRowsInPlace(String database) throws Exception {
        LinkedAccountWriter writer = writer(database);
        writer.write(new Chunk<>(List.of(account("111111111111", "Alpha", "ACTIVE"),
                account("222222222222", "Beta", "ACTIVE"))));
        writer.write(new Chunk<>(List.of(account("111111111111", "Alpha", "ACTIVE"),
                account("222222222222", "Beta renamed", "SUSPENDED"),
                new LinkedAccount("123456789012", "333333333333", "Gamma", null, null, null))));

        List<Map<String, Object>> rows = rows();
        assertThat(rows).hasSize(3);
        assertThat(rows).extracting(r -> r.get("account_name")).containsExactly("Alpha", "Beta renamed", "Gamma");
        assertThat(rows).extracting(r -> r.get("state")).containsExactly("ACTIVE", "SUSPENDED", null);
        assertThat(rows).extracting(r -> ((Number) r.get("revision")).intValue()).containsOnly(1);
        assertThat(rows).extracting(r -> r.get("billing_period")).containsOnly("2026-10");
        assertThat(rows.get(0).get("joined_at")).isNotNull();
        assertThat(rows.get(2).get("joined_at")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anAccountTwiceInOneChunkIsWrittenOnceWithTheLaterValues(String database) throws Exception {
        writer(database).write(new Chunk<>(List.of(account("111111111111", "Alpha", "ACTIVE"),
                account("111111111111", "Alpha now", "ACTIVE"))));
        assertThat(rows()).singleElement().satisfies(r -> assertThat(r.get("account_name")).isEqualTo("Alpha now"));
    }
}

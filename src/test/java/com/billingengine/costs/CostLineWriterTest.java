package com.billingengine.costs;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.JdbcTemplate;

import com.billingengine.batch.MigratedDatabase;
import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;

/**
 * A replayed chunk replaces itself: the staging table never double-counts a day of a service. On H2 (MERGE … KEY,
 * batched) and on the machine's PostgreSQL (one INSERT … SELECT FROM unnest(arrays) … ON CONFLICT per chunk).
 */
class CostLineWriterTest {

    private static final BillingRun RUN = new BillingRun(BillingPeriod.parse("2026-10"), 1);
    private JdbcTemplate jdbc;
    private MigratedDatabase database;

    private CostLineWriter writer(String database) throws SQLException {
        this.database = MigratedDatabase.create(database, "cost_line_writer_test");
        jdbc = this.database.jdbc();
        return new CostLineWriter(jdbc, RUN);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    private static CostLine line(String account, int day, String amount) {
        return line(account, "AWS Lambda", day, amount);
    }

    private static CostLine line(String account, String service, int day, String amount) {
        return new CostLine("123456789012", account, service, LocalDate.of(2026, 10, day), "Usage",
                new BigDecimal(amount), new BigDecimal(amount), false);
    }

    private long count() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM cost_line", Long.class);
    }

    private BigDecimal total() {
        return jdbc.queryForObject("SELECT SUM(unblended_cost) FROM cost_line", BigDecimal.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aReplayedChunkReplacesItsRowsInsteadOfAddingThem(String database) throws SQLException {
        CostLineWriter writer = writer(database);
        writer.write(new Chunk<>(List.of(line("111111111111", 1, "1.50"), line("111111111111", 2, "2.25"))));
        writer.write(new Chunk<>(List.of(line("111111111111", 1, "1.50"), line("111111111111", 2, "2.25"),
                line("222222222222", 2, "4.00"))));
        assertThat(count()).isEqualTo(3);
        assertThat(total()).isEqualByComparingTo("7.75");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aKeyTwiceInOneChunkIsWrittenOnce(String database) throws SQLException {
        writer(database).write(new Chunk<>(List.of(line("111111111111", 1, "1.50"), line("111111111111", 1, "1.50"))));
        assertThat(count()).isEqualTo(1);
        assertThat(total()).isEqualByComparingTo("1.50");
    }

    /**
     * 2,000 lines in one chunk, 100 of them repeating an earlier key with a new amount (the later one wins), then
     * the whole chunk replayed: 1,900 rows and the same total, to the last of 18 decimals.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aLargeChunkWithRepeatedKeysIsWrittenOnceAndReplaysToTheSameRows(String database) throws SQLException {
        List<CostLine> lines = new ArrayList<>();
        for (int i = 0; i < 1_900; i++) {
            lines.add(line(String.format("%012d", 100_000_000_000L + i % 40), "Service " + i / 40 / 31,
                    1 + i / 40 % 31, "0.000000000000000001"));
        }
        for (int i = 0; i < 100; i++) {
            CostLine earlier = lines.get(i * 19);
            lines.add(new CostLine(earlier.payerAccountId(), earlier.accountId(), earlier.service(),
                    earlier.usageDate(), earlier.recordType(), new BigDecimal("1.000000000000000001"),
                    new BigDecimal("-2.5"), true));
        }
        CostLineWriter writer = writer(database);
        writer.write(new Chunk<>(lines));
        writer.write(new Chunk<>(lines));

        assertThat(count()).isEqualTo(1_900);
        // 1,800 lines of 1e-18 and 100 lines of 1.000000000000000001
        assertThat(total()).isEqualByComparingTo("100.000000000000001900");
        assertThat(jdbc.queryForObject("SELECT SUM(net_unblended_cost) FROM cost_line WHERE estimated",
                BigDecimal.class)).isEqualByComparingTo("-250");
    }

    /** Text that array literals must escape (quotes, backslashes, braces, commas) arrives as it was sent. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void servicesWithQuotesCommasAndBracesArriveIntact(String database) throws SQLException {
        String service = "Amazon \"Elastic\" {Compute}, Cloud \\ NULL 'EC2'";
        writer(database).write(new Chunk<>(List.of(line("111111111111", service, 1, "12345678901234567890.123456789"),
                line("111111111111", "NULL", 1, "0.01"))));
        assertThat(jdbc.queryForList("SELECT service FROM cost_line ORDER BY service", String.class))
                .containsExactly("Amazon \"Elastic\" {Compute}, Cloud \\ NULL 'EC2'", "NULL");
        assertThat(total()).isEqualByComparingTo("12345678901234567890.133456789");
    }
}

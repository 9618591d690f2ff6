package com.billingengine.costs;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;

/** A replayed chunk replaces itself: the staging table never double-counts a day of a service. */
class CostLineWriterTest {

    private static final BillingRun RUN = new BillingRun(BillingPeriod.parse("2026-10"), 1);
    private JdbcTemplate jdbc;

    @BeforeEach
    void database() {
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", true);
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    private static CostLine line(String account, int day, String amount) {
        return new CostLine("123456789012", account, "AWS Lambda", LocalDate.of(2026, 10, day), "Usage",
                new BigDecimal(amount), new BigDecimal(amount), false);
    }

    private BigDecimal total() {
        return jdbc.queryForObject("SELECT SUM(unblended_cost) FROM cost_line", BigDecimal.class);
    }

    @Test
    void aReplayedChunkReplacesItsRowsInsteadOfAddingThem() {
        CostLineWriter writer = new CostLineWriter(jdbc, RUN);
        writer.write(new Chunk<>(List.of(line("111111111111", 1, "1.50"), line("111111111111", 2, "2.25"))));
        writer.write(new Chunk<>(List.of(line("111111111111", 1, "1.50"), line("111111111111", 2, "2.25"),
                line("222222222222", 2, "4.00"))));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cost_line", Integer.class)).isEqualTo(3);
        assertThat(total()).isEqualByComparingTo("7.75");
    }

    @Test
    void aKeyTwiceInOneChunkIsWrittenOnce() {
        new CostLineWriter(jdbc, RUN).write(new Chunk<>(List.of(line("111111111111", 1, "1.50"),
                line("111111111111", 1, "1.50"))));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cost_line", Integer.class)).isEqualTo(1);
        assertThat(total()).isEqualByComparingTo("1.50");
    }
}

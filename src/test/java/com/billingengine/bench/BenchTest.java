package com.billingengine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's yardsticks on H2: the plain baseline stores what it parsed, the floor counts what CE sent. */
class BenchTest {

    private static Connection h2() throws SQLException {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "")
                .locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
        return Bench.connect(url, "sa");
    }

    @Test
    void theBaselineUpsertsEveryParsedRowAndWritesOneSumPerAccountServiceAndRecordType(@TempDir Path out)
            throws Exception {
        try (Connection c = h2()) {
            // 617 groups a payer, 12 a day: days 1-31 of Usage, then 21 days of Tax; 2 pages a payer
            Map<String, Object> result = Bench.baseline(c, 1_234, 2, 4, 3, out);
            assertThat(result).containsEntry("rows", 1_234L).containsEntry("pages", 4L).containsEntry("sums", 48L);
            assertThat(Files.readAllLines(out.resolve("baseline-sums.csv"))).hasSize(49)
                    .first().isEqualTo("\"payer\",\"account\",\"service\",\"record_type\",\"unblended_cost\"");
        }
    }

    @Test
    void theFloorCountsGroupsAcrossRecordTypesAndLinesPerRecordType() throws Exception {
        try (Connection c = h2(); Statement s = c.createStatement()) {
            String row = "INSERT INTO cost_line VALUES ('2026-10', 1, '111111111111', '%s', '%s', DATE '2026-10-%02d', "
                    + "'%s', 1, 1, FALSE)";
            s.execute(row.formatted("222222222222", "EC2", 1, "Usage"));
            s.execute(row.formatted("222222222222", "EC2", 1, "Tax")); // same group as the line above
            s.execute(row.formatted("222222222222", "EC2", 2, "Usage"));
            s.execute(row.formatted("333333333333", "S3", 2, "Credit"));
            s.execute(row.replace("'2026-10', 1", "'2026-10', 2").formatted("222222222222", "S3", 3, "Usage"));

            Map<String, Object> floor = Bench.floor(c, "2026-10", 1);
            assertThat(floor).containsEntry("pageSize", 500);
            assertThat(floor.get("payers")).isEqualTo(Map.of("111111111111", Map.of("groups", 3L, "lines", 4L,
                    "recordTypes", Map.of("Credit", 1L, "Tax", 1L, "Usage", 2L))));
        }
    }
}

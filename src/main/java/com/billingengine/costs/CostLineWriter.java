package com.billingengine.costs;

import java.sql.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

import com.billingengine.batch.Upsert;
import com.billingengine.period.BillingRun;

/**
 * Upserts cost lines by their natural key (period, revision, payer, account, service, usage date, record type),
 * so a chunk replayed after a crash replaces itself instead of adding to itself.
 */
class CostLineWriter implements ItemWriter<CostLine> {

    private final JdbcTemplate jdbc;
    private final BillingRun run;
    private final String upsert;

    CostLineWriter(JdbcTemplate jdbc, BillingRun run) {
        this.jdbc = jdbc;
        this.run = run;
        DataSource dataSource = jdbc.getDataSource();
        this.upsert = Upsert.sql(dataSource, "cost_line",
                List.of("billing_period", "revision", "payer_account_id", "account_id", "service", "usage_date",
                        "record_type"),
                List.of("unblended_cost", "net_unblended_cost", "estimated"));
    }

    @Override
    public void write(Chunk<? extends CostLine> chunk) {
        jdbc.batchUpdate(upsert, distinct(chunk.getItems()), chunk.size(), (ps, l) -> {
            ps.setString(1, run.periodText());
            ps.setInt(2, run.revision());
            ps.setString(3, l.payerAccountId());
            ps.setString(4, l.accountId());
            ps.setString(5, l.service());
            ps.setDate(6, Date.valueOf(l.usageDate()));
            ps.setString(7, l.recordType());
            ps.setBigDecimal(8, l.unblendedCost());
            ps.setBigDecimal(9, l.netUnblendedCost());
            ps.setBoolean(10, l.estimated());
        });
    }

    /** One statement per key: Cost Explorer never repeats a group, but a replay must not trip over itself. */
    private static List<CostLine> distinct(List<? extends CostLine> lines) {
        Map<List<Object>, CostLine> byKey = new LinkedHashMap<>();
        for (CostLine l : lines) {
            byKey.put(List.of(l.payerAccountId(), l.accountId(), l.service(), l.usageDate(), l.recordType()), l);
        }
        return new ArrayList<>(byKey.values());
    }
}

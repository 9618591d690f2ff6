package com.billingengine.costs;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

import com.billingengine.period.BillingRun;

/**
 * Upserts cost lines by their natural key (period, revision, payer, account, service, usage date, record type),
 * so a chunk replayed after a crash replaces itself instead of adding to itself.
 */
class CostLineWriter implements ItemWriter<CostLine> {

    private static final String DELETE = """
            DELETE FROM cost_line WHERE billing_period = ? AND revision = ? AND payer_account_id = ? AND account_id = ?
              AND service = ? AND usage_date = ? AND record_type = ?""";
    private static final String INSERT = """
            INSERT INTO cost_line (billing_period, revision, payer_account_id, account_id, service, usage_date,
                                   record_type, unblended_cost, net_unblended_cost, estimated)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcTemplate jdbc;
    private final BillingRun run;

    CostLineWriter(JdbcTemplate jdbc, BillingRun run) {
        this.jdbc = jdbc;
        this.run = run;
    }

    private void setNaturalKey(PreparedStatement ps, CostLine l) throws SQLException {
        ps.setString(1, run.periodText());
        ps.setInt(2, run.revision());
        ps.setString(3, l.payerAccountId());
        ps.setString(4, l.accountId());
        ps.setString(5, l.service());
        ps.setDate(6, Date.valueOf(l.usageDate()));
        ps.setString(7, l.recordType());
    }

    @Override
    public void write(Chunk<? extends CostLine> chunk) {
        List<? extends CostLine> lines = chunk.getItems();
        jdbc.batchUpdate(DELETE, lines, lines.size(), this::setNaturalKey);
        jdbc.batchUpdate(INSERT, lines, lines.size(), (ps, l) -> {
            setNaturalKey(ps, l);
            ps.setBigDecimal(8, l.unblendedCost());
            ps.setBigDecimal(9, l.netUnblendedCost());
            ps.setBoolean(10, l.estimated());
        });
    }
}

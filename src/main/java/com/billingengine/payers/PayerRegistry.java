package com.billingengine.payers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The registry of onboarded payer accounts (table {@code payer}). */
@Repository
public class PayerRegistry {

    private final JdbcClient jdbc;
    private final Clock clock;

    PayerRegistry(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public List<PayerAccount> findAll() {
        return jdbc.sql("SELECT * FROM payer ORDER BY payer_account_id").query(PayerRegistry::map).list();
    }

    public List<PayerAccount> findActive() {
        return jdbc.sql("SELECT * FROM payer WHERE status = 'ACTIVE' ORDER BY payer_account_id")
                .query(PayerRegistry::map).list();
    }

    public Optional<PayerAccount> find(String payerAccountId) {
        return jdbc.sql("SELECT * FROM payer WHERE payer_account_id = ?").param(payerAccountId)
                .query(PayerRegistry::map).optional();
    }

    public boolean isEmpty() {
        return jdbc.sql("SELECT COUNT(*) FROM payer").query(Long.class).single() == 0;
    }

    /** Adds all payers or none: a payer already in the registry refuses the whole batch. */
    @Transactional
    public void addAll(List<PayerAccount> payers) {
        for (PayerAccount payer : payers) {
            if (find(payer.payerAccountId()).isPresent()) {
                throw new PayerImportException("payer " + payer.payerAccountId() + " (" + payer.customerName()
                        + ") is already in the registry");
            }
        }
        Timestamp now = Timestamp.from(clock.instant());
        for (PayerAccount p : payers) {
            jdbc.sql("""
                    INSERT INTO payer (payer_account_id, customer_id, customer_name, currency, role_arn, status,
                                       markup_percent, validated_at, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(p.payerAccountId(), p.customerId(), p.customerName(), p.currency(), p.roleArn(),
                            p.status().name(), p.markupPercent(),
                            p.validatedAt() == null ? null : Timestamp.from(p.validatedAt()), now, now)
                    .update();
        }
    }

    public void updateStatus(String payerAccountId, PayerStatus status, Instant validatedAt) {
        jdbc.sql("UPDATE payer SET status = ?, validated_at = ?, updated_at = ? WHERE payer_account_id = ?")
                .params(status.name(), validatedAt == null ? null : Timestamp.from(validatedAt),
                        Timestamp.from(clock.instant()), payerAccountId)
                .update();
    }

    private static PayerAccount map(ResultSet rs, int row) throws SQLException {
        Timestamp validated = rs.getTimestamp("validated_at");
        return new PayerAccount(rs.getString("payer_account_id"), rs.getString("customer_id"),
                rs.getString("customer_name"), rs.getString("currency"), rs.getString("role_arn"),
                PayerStatus.valueOf(rs.getString("status")), rs.getBigDecimal("markup_percent").stripTrailingZeros(),
                validated == null ? null : validated.toInstant());
    }
}

package com.billingengine.job;

import java.util.Locale;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Table installation: whether the database holds simulated (sandbox) or real (production) data. Recorded once, by
 * the first command that calls AWS or bills; every later such command must be of the same kind.
 */
@Repository
public class DataKind {

    /** The two kinds of data a database can hold. */
    public enum Kind {
        SANDBOX, PRODUCTION;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final JdbcClient jdbc;

    DataKind(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The kind recorded, empty for a database no AWS command has used yet. */
    public Optional<Kind> recorded() {
        return jdbc.sql("SELECT kind FROM installation WHERE id = 1")
                .query((rs, i) -> Kind.valueOf(rs.getString(1).toUpperCase(Locale.ROOT))).optional();
    }

    /** Records {@code kind} unless a kind is recorded already; returns the kind the database holds from now on. */
    public Kind claim(Kind kind) {
        Optional<Kind> recorded = recorded();
        if (recorded.isPresent()) {
            return recorded.get();
        }
        try {
            jdbc.sql("INSERT INTO installation (id, kind) VALUES (1, ?)").param(kind.column()).update();
            return kind;
        } catch (DuplicateKeyException e) {
            return recorded().orElseThrow(); // another process recorded it a moment ago: its kind counts
        }
    }
}

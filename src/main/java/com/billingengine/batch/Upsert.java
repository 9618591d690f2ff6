package com.billingengine.batch;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * One upsert statement by natural key, in the database's own dialect (H2's MERGE … KEY, PostgreSQL's
 * INSERT … ON CONFLICT): a replayed chunk, or a row a crashed run left behind, is updated in place, never duplicated.
 */
public final class Upsert {

    /** A column of the array form: its name and its PostgreSQL element type (varchar, int4, date, numeric, bool). */
    public record Column(String name, String type) {
    }

    private Upsert() {
    }

    public static String sql(DataSource dataSource, String table, List<String> keyColumns, List<String> valueColumns) {
        String columns = String.join(", ", concat(keyColumns, valueColumns));
        String parameters = keyColumns.stream().map(c -> "?").collect(Collectors.joining(", "))
                + valueColumns.stream().map(c -> ", ?").collect(Collectors.joining());
        if (isPostgres(dataSource)) {
            return "INSERT INTO " + table + " (" + columns + ") VALUES (" + parameters + ")"
                    + onConflict(keyColumns, valueColumns);
        }
        return "MERGE INTO " + table + " (" + columns + ") KEY (" + String.join(", ", keyColumns) + ") VALUES ("
                + parameters + ")";
    }

    /**
     * PostgreSQL's fast form: a whole chunk in one statement, one array parameter per column that unnest turns back
     * into rows. One parse, one plan and one round trip however many rows, where a JDBC batch sends a statement per
     * row. The rows of one statement must have distinct keys: ON CONFLICT cannot update a row twice.
     */
    public static String unnest(String table, List<Column> keyColumns, List<Column> valueColumns) {
        List<Column> all = concat(keyColumns, valueColumns);
        return "INSERT INTO " + table + " (" + all.stream().map(Column::name).collect(Collectors.joining(", "))
                + ") SELECT * FROM unnest(" + all.stream().map(c -> "?::" + c.type() + "[]")
                        .collect(Collectors.joining(", ")) + ")"
                + onConflict(keyColumns.stream().map(Column::name).toList(),
                        valueColumns.stream().map(Column::name).toList());
    }

    private static String onConflict(List<String> keyColumns, List<String> valueColumns) {
        return " ON CONFLICT (" + String.join(", ", keyColumns) + ") DO UPDATE SET "
                + valueColumns.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    /**
     * The pool's JDBC URL when there is one: step-scoped writers are made inside a chunk's transaction, and a second
     * connection taken there could wait for the pool while holding the first.
     */
    public static boolean isPostgres(DataSource dataSource) {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                String url = dataSource.unwrap(HikariDataSource.class).getJdbcUrl();
                if (url != null) {
                    return url.startsWith("jdbc:postgresql:");
                }
            }
        } catch (SQLException e) {
            // not a pool that says: ask a connection
        }
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell the billing database's dialect: " + e.getMessage(), e);
        }
    }
}

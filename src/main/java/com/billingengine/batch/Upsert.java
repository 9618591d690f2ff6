package com.billingengine.batch;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import javax.sql.DataSource;

/**
 * One upsert statement by natural key, in the database's own dialect (H2's MERGE … KEY, PostgreSQL's
 * INSERT … ON CONFLICT): a replayed chunk, or a row a crashed run left behind, is updated in place, never duplicated.
 */
public final class Upsert {

    private Upsert() {
    }

    public static String sql(DataSource dataSource, String table, List<String> keyColumns, List<String> valueColumns) {
        String columns = String.join(", ", concat(keyColumns, valueColumns));
        String parameters = keyColumns.stream().map(c -> "?").collect(Collectors.joining(", "))
                + valueColumns.stream().map(c -> ", ?").collect(Collectors.joining());
        if (isPostgres(dataSource)) {
            return "INSERT INTO " + table + " (" + columns + ") VALUES (" + parameters + ") ON CONFLICT ("
                    + String.join(", ", keyColumns) + ") DO UPDATE SET "
                    + valueColumns.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
        }
        return "MERGE INTO " + table + " (" + columns + ") KEY (" + String.join(", ", keyColumns) + ") VALUES ("
                + parameters + ")";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell the billing database's dialect: " + e.getMessage(), e);
        }
    }
}

package com.billingengine.batch;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A database of its own with the engine's migrations, for a writer's test on both vendors: an in-memory H2 one, or a
 * fresh PostgreSQL database on the local server (dropped on close).
 */
public final class MigratedDatabase implements AutoCloseable {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    private final SingleConnectionDataSource dataSource;
    private final String postgresDatabase;
    private final JdbcTemplate jdbc;

    private MigratedDatabase(SingleConnectionDataSource dataSource, String postgresDatabase) {
        this.dataSource = dataSource;
        this.postgresDatabase = postgresDatabase;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** @param vendor {@code h2} or {@code postgresql}; @param prefix the PostgreSQL database's name before its suffix */
    public static MigratedDatabase create(String vendor, String prefix) throws SQLException {
        MigratedDatabase database;
        if (vendor.equals("postgresql")) {
            String name = prefix + "_" + Long.toHexString(System.nanoTime());
            execute("CREATE DATABASE " + name);
            database = new MigratedDatabase(new SingleConnectionDataSource(SERVER + name, "postgres", "", true), name);
        } else {
            database = new MigratedDatabase(new SingleConnectionDataSource(
                    "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", true), null);
        }
        Flyway.configure().dataSource(database.dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor).load().migrate();
        return database;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    @Override
    public void close() throws SQLException {
        dataSource.destroy();
        if (postgresDatabase != null) {
            execute("DROP DATABASE IF EXISTS " + postgresDatabase + " WITH (FORCE)");
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

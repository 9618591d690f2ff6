package com.billingengine.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;

/**
 * Export order never depends on the database's text collation: the sandbox month billed on a PostgreSQL database
 * created with the ICU collation en-US gives the same bytes as on H2 (which compares like "C"). The sandbox's
 * service names order differently under the two ("AWS Lambda" before "Amazon …" in C, after it in en-US), which the
 * test first checks on the database itself, so an ORDER BY on text in SQL would show here as a difference.
 */
class CollationIndependentExportTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String DATABASE = "hardening_icu";
    private static final String PERIOD = "2026-10";

    @BeforeEach
    void createIcuDatabase() throws SQLException {
        execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        // only the C libc locales exist on a minimal machine; the text collation comes from ICU
        execute("CREATE DATABASE " + DATABASE + " TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'"
                + " LOCALE 'C.UTF-8'");
    }

    @AfterEach
    void dropIcuDatabase() throws SQLException {
        execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }

    @Test
    void anEnUsPostgresDatabaseExportsTheSameBytesAsH2(@TempDir Path h2Dir, @TempDir Path postgresDir)
            throws Exception {
        Cli.Result h2 = Cli.sandbox(h2Dir, "run", "--period", PERIOD);
        assertThat(h2.exitCode()).as(h2.toString()).isZero();
        Cli.Result postgres = Cli.run("--data-dir", postgresDir.toString(), "--db-url", SERVER + DATABASE,
                "--db-user", "postgres", "--sandbox", "run", "--period", PERIOD);
        assertThat(postgres.exitCode()).as(postgres.toString()).isZero();
        assertThat(postgresDir.resolve("db")).as("billed on PostgreSQL, not H2").doesNotExist();

        // the fixture matters: this database's own order of the services differs from Java's (and C's)
        List<String> databaseOrder = services("ORDER BY service");
        List<String> binaryOrder = services("ORDER BY service COLLATE \"C\"");
        assertThat(databaseOrder).as("en-US orders the sandbox's services differently from C")
                .isNotEqualTo(binaryOrder);
        assertThat(binaryOrder).isSorted();

        Path h2Export = h2Dir.resolve("exports").resolve(PERIOD).resolve("rev-1");
        Path postgresExport = postgresDir.resolve("exports").resolve(PERIOD).resolve("rev-1");
        List<String> files = names(h2Export);
        assertThat(files).contains(ErpExport.CSV, ErpExport.XML, ErpExport.FOCUS, "manifest.json");
        assertThat(names(postgresExport)).isEqualTo(files);
        for (String file : files) {
            assertThat(Files.readString(postgresExport.resolve(file))).as(file)
                    .isEqualTo(Files.readString(h2Export.resolve(file)));
            assertThat(Files.readAllBytes(postgresExport.resolve(file))).as(file + " bytes")
                    .isEqualTo(Files.readAllBytes(h2Export.resolve(file)));
        }
        // the run summary lists the invoices in the same order too
        assertThat(postgres.out().replace(postgresDir.toString(), "DATA"))
                .isEqualTo(h2.out().replace(h2Dir.toString(), "DATA"));
    }

    private static List<String> services(String orderBy) throws SQLException {
        List<String> services = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(SERVER + DATABASE, "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT service FROM invoice_line GROUP BY service " + orderBy)) {
            while (rs.next()) {
                services.add(rs.getString(1));
            }
        }
        return services;
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

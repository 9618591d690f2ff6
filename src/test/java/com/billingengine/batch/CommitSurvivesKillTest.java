package com.billingengine.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 lock-out of a period (issue 17): a run killed (SIGKILL) moments after a step completed came back, on H2,
 * as a run that had not completed it: H2's default WRITE_DELAY (500 ms) acknowledges a commit before the file holds
 * it, so the last half second of committed work (invoice lines, the job repository's COMPLETED) vanished with the
 * process and the restart ran invoiceLines again over a database that no longer matched what the killed run had
 * done. With the engine's default URL a commit is in the file when it returns: this child process commits right
 * after the store was written (so the next background write is half a second away), is killed at once, and the
 * committed row must be there.
 */
class CommitSurvivesKillTest {

    @TempDir
    Path dataDir;

    /** The engine's default H2 URL for a data dir, as application.properties defines it. */
    static String engineUrl(Path dataDir) throws Exception {
        Properties properties = new Properties();
        try (InputStream in = CommitSurvivesKillTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        String url = properties.getProperty("spring.datasource.url");
        String fallback = url.substring(url.indexOf("billing.db-url:") + "billing.db-url:".length(), url.length() - 1);
        return fallback.replace("${billing.data-dir}", dataDir.toString());
    }

    @Test
    void aCommitIsInTheFileWhenItReturns() throws Exception {
        String url = engineUrl(dataDir);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Committer.class.getName(), url)
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("committed")) {
                // the child's start-up
            }
            assertThat(line).as("the child committed").isEqualTo("committed");
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM committed_work")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the row committed before the kill").isEqualTo(1);
        }
    }

    /** The child: writes the store, commits one row, says so, and waits to be killed. */
    public static final class Committer {
        public static void main(String[] args) throws Exception {
            Connection c = DriverManager.getConnection(args[0], "sa", "");
            Statement s = c.createStatement();
            s.execute("CREATE TABLE committed_work (id INT PRIMARY KEY)");
            s.execute("CHECKPOINT"); // the table is in the file; the background writer waits its delay again
            c.setAutoCommit(false);
            s.execute("INSERT INTO committed_work VALUES (1)");
            c.commit();
            System.out.println("committed");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}

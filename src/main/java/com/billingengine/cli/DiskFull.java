package com.billingengine.cli;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/**
 * A disk that filled up while the engine wrote (the H2 database, the exports, the log): said in one line that names
 * the disk and what to do, exit 1, since a restart continues the run once space is back. The job execution is left
 * as the last successful write recorded it (STARTED); its lease, which a full disk cannot release, expires and
 * `restart` recovers it from there.
 */
final class DiskFull extends RuntimeException {

    /** ENOSPC and EDQUOT as the JDK words them; PostgreSQL's disk_full; H2's NO_DISK_SPACE_AVAILABLE. */
    private static final Set<String> MESSAGES = Set.of("no space left on device", "disk quota exceeded");
    private static final String POSTGRES_DISK_FULL = "53100";
    private static final int H2_NO_DISK_SPACE = 90100;

    DiskFull(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the disk being full is what went wrong. */
    static boolean in(Throwable e) {
        return Causes.of(e).anyMatch(t -> knownMessage(t) != null || t instanceof SQLException sql
                && (POSTGRES_DISK_FULL.equals(sql.getSQLState())
                        || sql.getErrorCode() == H2_NO_DISK_SPACE && sql.getClass().getName().startsWith("org.h2.")));
    }

    /** Whether the database (rather than a file the engine writes itself) failed. */
    static boolean inDatabase(Throwable e) {
        return Causes.of(e).anyMatch(t -> t instanceof SQLException || t.getClass().getName().startsWith("org.h2.")
                || t instanceof org.springframework.dao.DataAccessException);
    }

    /**
     * Where the database keeps its files: the folder of an H2 file database, or the server of any other URL (whose
     * disk is the server's, not this machine's).
     */
    static String databaseDisk(String jdbcUrl, Path dataDir) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            return dataDir.resolve("db").toAbsolutePath().normalize().toString();
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            String name = jdbcUrl.substring("jdbc:h2:".length()).split(";", 2)[0];
            // file system prefixes (file:, nio:, split: …); a one-letter one is a Windows drive
            while (name.matches("^[a-zA-Z][\\w-]+:.*")) {
                name = name.substring(name.indexOf(':') + 1);
            }
            Path file = Path.of(name).toAbsolutePath().normalize();
            return (file.getParent() != null ? file.getParent() : file).toString();
        }
        return "the database server of " + jdbcUrl.split("\\?", 2)[0];
    }

    /**
     * The H2 file database of a URL (its name without {@code .mv.db}), or null for any other database (a server, an
     * in-memory one).
     */
    static Path h2File(String jdbcUrl, Path dataDir) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            return dataDir.resolve("db").resolve("billing").toAbsolutePath().normalize();
        }
        if (!jdbcUrl.startsWith("jdbc:h2:") || jdbcUrl.matches("^jdbc:h2:(mem|tcp|ssl|zip):.*")) {
            return null;
        }
        String name = jdbcUrl.substring("jdbc:h2:".length()).split(";", 2)[0];
        while (name.matches("^[a-zA-Z][\\w-]+:.*")) {
            name = name.substring(name.indexOf(':') + 1);
        }
        return Path.of(name).toAbsolutePath().normalize();
    }

    /**
     * Removes an H2 database this start had begun to create when the disk filled: H2 commits each DDL statement, so
     * a first migration cut short leaves some tables that the next start's migration would fail on ("Table already
     * exists"). It held nothing before this start, so giving the command again creates it whole.
     */
    static void removeUnfinished(Path h2File) {
        for (String suffix : new String[] {".mv.db", ".trace.db"}) {
            try {
                java.nio.file.Files.deleteIfExists(h2File.resolveSibling(h2File.getFileName() + suffix));
            } catch (java.io.IOException | RuntimeException e) {
                // the next start's migration names what is left
            }
        }
    }

    /**
     * The one line for a run or restart: which disk, how to continue, and when restart can take the run over.
     * {@code period} null: a command that runs no job.
     */
    static DiskFull named(Throwable e, String disk, String period, int leaseSeconds) {
        StringBuilder message = new StringBuilder("the disk holding ").append(disk).append(" is full (")
                .append(firstDiskMessage(e)).append("): free space there");
        if (period != null) {
            message.append(", then continue the run with `billing-engine restart --period ").append(period)
                    .append("`: it recovers this run once its lease has expired (")
                    .append(leaseSeconds > 0 ? leaseSeconds + " s" : "billing.job.lease-seconds")
                    .append(" after it stopped) and goes on from the last commit; until then the run shows as "
                            + "in progress");
        }
        return new DiskFull(message.toString(), e);
    }

    /**
     * The one line for a disk that filled while the engine started (H2 creating, opening or migrating its database):
     * no run was started or changed, so the same command is simply given again.
     */
    static DiskFull atStart(Throwable e, String disk) {
        return new DiskFull("the disk holding " + disk + " is full (" + firstDiskMessage(e) + ") while the engine"
                + " opened its database: free space there, then give the command again (it stopped before it touched any"
                + " run)", e);
    }

    private static String firstDiskMessage(Throwable e) {
        return Causes.of(e).map(DiskFull::knownMessage).filter(m -> m != null).findFirst().orElse("no space left");
    }

    /** The operating system's words for a full disk as this exception states them, or null. */
    private static String knownMessage(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage();
        for (String known : MESSAGES) {
            int at = message.toLowerCase(Locale.ROOT).indexOf(known);
            if (at >= 0) {
                return message.substring(at, at + known.length());
            }
        }
        return null;
    }
}

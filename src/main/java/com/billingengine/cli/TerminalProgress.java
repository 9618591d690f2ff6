package com.billingengine.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.billingengine.batch.ProgressDisplay;

/**
 * The console's stderr as a log area above a live progress line that owns the last line: a log line first erases
 * the live line, is written whole, and the live line is drawn again below it, so neither cuts the other. Without a
 * terminal (cron, Jenkins, stderr a file) there is no live line and log lines are written as they are.
 */
final class TerminalProgress implements ProgressDisplay {

    private static final String ERASE_LINE = "\u001b[K";

    /** The process's console; {@link ConsoleAppender} writes the log lines through it. */
    static final TerminalProgress STDERR = new TerminalProgress(null);

    private final PrintStream fixed;
    private String live;
    private int columns = -1;

    /** {@code terminal} null: whatever {@code System.err} is at the time (tests replace it). */
    TerminalProgress(PrintStream terminal) {
        this.fixed = terminal;
    }

    /** A display when a person watches stderr (a terminal), else null: cron and Jenkins get log lines instead. */
    static ProgressDisplay forConsole() {
        return stderrIsATerminal() ? STDERR : null;
    }

    /**
     * Linux names the device behind stderr in /proc; elsewhere {@link System#console()} (stdin and stdout a
     * terminal) is the best Java 17 knows. A dumb terminal cannot rewrite a line.
     */
    static boolean stderrIsATerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Path fd = Path.of("/proc/self/fd/2");
        try {
            String device = Files.readSymbolicLink(fd).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    @Override
    public synchronized void update(String line) {
        live = fit(line);
        PrintStream terminal = terminal();
        terminal.print("\r" + live + ERASE_LINE);
        terminal.flush();
    }

    @Override
    public synchronized void finish(String line) {
        live = null;
        PrintStream terminal = terminal();
        terminal.print("\r" + line + ERASE_LINE + "\n");
        terminal.flush();
    }

    /** Whole log lines (one event's bytes), above the live line. */
    synchronized void log(byte[] bytes, int offset, int length) {
        PrintStream terminal = terminal();
        if (live != null) {
            terminal.print("\r" + ERASE_LINE);
        }
        terminal.write(bytes, offset, length);
        if (live != null) {
            terminal.print(live);
        }
        terminal.flush();
    }

    /** The stream a log appender writes to. */
    OutputStream logStream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                log(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                log(b, off, len);
            }

            @Override
            public void flush() {
                terminal().flush();
            }

            @Override
            public void close() {
                flush(); // never close the process's stderr
            }
        };
    }

    /** A live line wider than the terminal would wrap, and a carriage return no longer reaches its start. */
    private String fit(String line) {
        if (columns < 0) {
            columns = fixed != null ? 0 : columns();
        }
        return columns > 1 && line.length() >= columns ? line.substring(0, columns - 2) + "…" : line;
    }

    /** The terminal's width: $COLUMNS, else {@code stty size} on the terminal; 0 when unknown (no cutting). */
    private static int columns() {
        try {
            String env = System.getenv("COLUMNS");
            if (env != null && env.matches("\\d+")) {
                return Integer.parseInt(env);
            }
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String size = new String(stty.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                    .trim();
            return stty.waitFor() == 0 && size.matches("\\d+ \\d+") ? Integer.parseInt(size.split(" ")[1]) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private PrintStream terminal() {
        return fixed != null ? fixed : System.err;
    }
}

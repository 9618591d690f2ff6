package com.billingengine.cli;

import java.io.PrintStream;

import com.billingengine.batch.ProgressDisplay;

/** The live progress line on a terminal's stderr: rewritten in place (carriage return, erase to end of line). */
final class TerminalProgress implements ProgressDisplay {

    private static final String ERASE_LINE = "\u001b[K";

    private final PrintStream terminal;

    TerminalProgress(PrintStream terminal) {
        this.terminal = terminal;
    }

    /** A display when a person watches (a console), else null: cron and Jenkins get log lines instead. */
    static ProgressDisplay forConsole() {
        return System.console() != null ? new TerminalProgress(System.err) : null;
    }

    @Override
    public synchronized void update(String line) {
        terminal.print("\r" + line + ERASE_LINE);
        terminal.flush();
    }

    @Override
    public synchronized void finish(String line) {
        terminal.print("\r" + line + ERASE_LINE + "\n");
        terminal.flush();
    }
}

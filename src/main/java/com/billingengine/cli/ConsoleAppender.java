package com.billingengine.cli;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

/**
 * The console's log appender (logback-spring.xml): stderr, written above the live progress line on a terminal
 * ({@link TerminalProgress}). INFO lines of the {@code detail} loggers (per payer, per page, per file) stay in the
 * log file, so a run shows a handful of lines per step; their warnings and errors still reach the console.
 */
public final class ConsoleAppender extends OutputStreamAppender<ILoggingEvent> {

    private final List<String> detail = new ArrayList<>();

    /** A logger (or a package) whose INFO and DEBUG lines go to the log file only. */
    public void addDetail(String logger) {
        detail.add(logger.trim());
    }

    @Override
    public void start() {
        setOutputStream(TerminalProgress.STDERR.logStream());
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.WARN) && isDetail(event.getLoggerName())) {
            return;
        }
        super.append(event);
    }

    private boolean isDetail(String logger) {
        for (String name : detail) {
            if (logger.equals(name) || logger.startsWith(name + ".")) {
                return true;
            }
        }
        return false;
    }
}

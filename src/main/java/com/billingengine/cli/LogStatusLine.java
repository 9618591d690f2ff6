package com.billingengine.cli;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.OnConsoleStatusListener;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import ch.qos.logback.core.status.StatusManager;

/**
 * Logback's own trouble (the log file cannot be written: its disk is full, its folder went away) in one line on
 * stderr, once per engine start, never its stack trace. Spring Boot's console status listener prints each failed
 * write with a trace of some sixty lines, which buried the engine's own one-line error on a full disk.
 */
final class LogStatusLine implements StatusListener {

    private final AtomicBoolean said = new AtomicBoolean();

    /** Replaces the console status listeners of the engine's logging (set up by Spring Boot just before). */
    static void install() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        StatusManager statuses = context.getStatusManager();
        statuses.getCopyOfStatusListenerList().stream().filter(l -> l instanceof OnConsoleStatusListener
                || l instanceof LogStatusLine).forEach(l -> {
                    statuses.remove(l);
                    if (l instanceof OnConsoleStatusListener console) {
                        console.stop();
                    }
                });
        statuses.add(new LogStatusLine());
    }

    @Override
    public void addStatusEvent(Status status) {
        if (status.getLevel() >= Status.WARN && said.compareAndSet(false, true)) {
            Throwable cause = status.getThrowable();
            System.err.println("warning: logging: " + status.getMessage()
                    + (cause == null || status.getMessage().contains(String.valueOf(cause.getMessage())) ? ""
                            : ": " + cause.getMessage()));
        }
    }
}

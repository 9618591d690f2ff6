package com.billingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.ErrorStatus;
import ch.qos.logback.core.status.OnConsoleStatusListener;
import ch.qos.logback.core.status.StatusListener;

/**
 * A log file whose disk is full: logback reports each failed write with its trace; the console gets one line, once.
 */
class LogStatusLineTest {

    @Test
    void failedLogWritesAreOneLineOnceWithoutATrace() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        OnConsoleStatusListener console = new OnConsoleStatusListener();
        console.setContext(context);
        context.getStatusManager().add(console);
        LogStatusLine.install();
        assertThat(context.getStatusManager().getCopyOfStatusListenerList())
                .as("no console status listener left").noneMatch(OnConsoleStatusListener.class::isInstance)
                .filteredOn(LogStatusLine.class::isInstance).hasSize(1);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 3; i++) {
                context.getStatusManager().add(new ErrorStatus("IO failure while writing to file [/d/logs/x.log]",
                        this, new IOException("No space left on device")));
            }
        } finally {
            System.setErr(stderr);
            for (StatusListener l : context.getStatusManager().getCopyOfStatusListenerList()) {
                if (l instanceof LogStatusLine) {
                    context.getStatusManager().remove(l);
                }
            }
            // the made-up errors would stay in this JVM's logging: Spring Boot's next logging set-up (the next
            // test's engine) refuses to start on them ("Logback configuration error detected")
            context.getStatusManager().clear();
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("warning: logging: IO failure while writing to"
                + " file [/d/logs/x.log]: No space left on device" + System.lineSeparator());
    }
}

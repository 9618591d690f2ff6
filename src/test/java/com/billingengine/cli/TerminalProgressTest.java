package com.billingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * On a terminal the progress line is rewritten in place and the step's last line stays; a log line is written whole
 * above the live line, which is drawn again below it.
 */
class TerminalProgressTest {

    @Test
    void theLiveLineIsRewrittenInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminalProgress terminal = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        terminal.update("costExtraction: payers 0/3, 500 cost lines");
        terminal.update("costExtraction: payers 1/3, 1,000 cost lines");
        terminal.finish("costExtraction: payers 3/3, 2,000 cost lines");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "\rcostExtraction: payers 0/3, 500 cost lines\u001b[K"
                        + "\rcostExtraction: payers 1/3, 1,000 cost lines\u001b[K"
                        + "\rcostExtraction: payers 3/3, 2,000 cost lines\u001b[K\n");
    }

    @Test
    void aLogLineGoesAboveTheLiveLineWhole() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminalProgress terminal = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        terminal.logStream().write("10:00:00.000 INFO  started\n".getBytes(StandardCharsets.UTF_8));
        terminal.update("costExtraction: payers 0/3");
        terminal.logStream().write("10:00:01.000 WARN  throttled\n".getBytes(StandardCharsets.UTF_8));
        terminal.finish("costExtraction: payers 3/3");
        terminal.logStream().write("10:00:02.000 INFO  done\n".getBytes(StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("10:00:00.000 INFO  started\n"
                + "\rcostExtraction: payers 0/3\u001b[K"
                + "\r\u001b[K10:00:01.000 WARN  throttled\ncostExtraction: payers 0/3"
                + "\rcostExtraction: payers 3/3\u001b[K\n"
                + "10:00:02.000 INFO  done\n");
    }
}

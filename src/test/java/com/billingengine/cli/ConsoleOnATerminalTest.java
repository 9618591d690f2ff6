package com.billingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.BillingEngineApplication;

/**
 * The engine as a person sees it on a terminal: a real process whose stderr is a pseudo-terminal ({@code script}
 * from util-linux) and whose stdout is a file. The transcript is rendered as a terminal would (carriage return,
 * erase to end of line) and what stays on screen is checked; and a run whose stderr is a file (cron, Jenkins) gets
 * plain log lines.
 */
class ConsoleOnATerminalTest {

    private static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|WARN|ERROR) .*");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|WARN|ERROR)");

    @Test
    void onATerminalLogLinesStayWholeAndALiveLineShowsTimeLeft(@TempDir Path dir) throws Exception {
        Path args = engineArguments(dir, "--sandbox-payers", "6", "--sandbox-latency-ms", "20");
        Process script = new ProcessBuilder("script", "-qfec", javaBinary() + " @" + args + " > stdout.txt",
                dir.resolve("transcript").toString()).directory(dir.toFile())
                .redirectInput(new File("/dev/null")).redirectErrorStream(true)
                .redirectOutput(dir.resolve("script.out").toFile()).start();
        assertThat(script.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String transcript = Files.readString(dir.resolve("transcript"), StandardCharsets.UTF_8);
        assertThat(script.exitValue()).as(transcript).isZero();

        // the live line, rewritten in place, said how long is left while payers were still running
        assertThat(transcript).containsPattern("\rcostExtraction: payers [1-5]/6, about \\d+:\\d\\d left, [\\d,]+ cost"
                + " lines");
        List<String> screen = render(transcript);
        List<String> shown = screen.stream().filter(l -> !l.startsWith("Script ")).toList();
        for (String line : shown) {
            // a log line is never cut by the progress line nor appended to it
            if (TIMESTAMP.matcher(line).find()) {
                assertThat(line).as("on screen: %s", shown).matches(LOG_LINE);
                assertThat(TIMESTAMP.matcher(line).results().count()).isEqualTo(1);
            }
        }
        // each step ends with what it did, never "0 items"; a handful of lines for the whole month
        assertThat(shown).anyMatch(l -> l.matches("payerDiscovery: 6 payers to bill \\(\\d+ s\\)"))
                .anyMatch(l -> l.matches("costExtraction: payers 6/6, [\\d,]+ cost lines, [\\d,]+ Cost Explorer pages,"
                        + " [\\d,]+ cost lines/s \\(\\d+ s\\)"))
                .anyMatch(l -> l.matches("reconciliation: 6 payers reconciled to the last digit \\(\\d+ s\\)"))
                .anyMatch(l -> l.matches("erpExport: [\\d,]+ invoice lines exported \\(\\d+ s\\)"))
                .anyMatch(l -> l.startsWith("erpDelivery: no delivery configured"))
                .noneMatch(l -> l.contains("0 items"));
        assertThat(shown.size()).as("on screen: %s", shown).isLessThanOrEqualTo(12);

        // stdout: the summary only, amounts with the currency's minor digits
        String out = Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("\u001b", "\r", " INFO ")
                .containsPattern(" \\d+\\.\\d\\d USD\n").containsPattern(" \\d+\\.\\d\\d EUR\n")
                .containsPattern(" \\d+ JPY\n");
    }

    @Test
    void withoutATerminalTheConsoleGetsPlainLogLines(@TempDir Path dir) throws Exception {
        Path args = engineArguments(dir);
        Process java = new ProcessBuilder(javaBinary(), "@" + args).directory(dir.toFile())
                .redirectInput(new File("/dev/null")).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        assertThat(java.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String err = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
        assertThat(java.exitValue()).as(err).isZero();
        assertThat(err).doesNotContain("\r", "\u001b");
        assertThat(err.lines()).allMatch(l -> LOG_LINE.matcher(l).matches())
                .anyMatch(l -> l.endsWith(" - payerDiscovery: 3 payers to bill (0 s)")
                        || l.matches(".* - payerDiscovery: 3 payers to bill \\(\\d+ s\\)"))
                .hasSizeLessThanOrEqualTo(12);
        // the detail the console leaves out is in the log file
        assertThat(Files.readString(dir.resolve("data").resolve("logs").resolve("billing-engine.log")))
                .contains("CostLineReader - payer ", "Reconciler - ", "ErpExport - ");
    }

    /** An argument file for {@code java}: the test class path, the main class, a sandbox run of last month. */
    private static Path engineArguments(Path dir, String... sandboxOptions) throws Exception {
        List<String> args = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"),
                BillingEngineApplication.class.getName(), "--data-dir", dir.resolve("data").toString(), "--sandbox"));
        args.addAll(List.of(sandboxOptions));
        args.addAll(List.of("run", "--period", Cli.lastMonth()));
        Path file = dir.resolve("java.args");
        Files.write(file, args.stream().map(a -> "\"" + a.replace("\\", "\\\\") + "\"").toList());
        return file;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** What stays on a terminal's screen: CR returns to the line's start, ESC[K erases to its end, LF ends it. */
    static List<String> render(String transcript) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int cursor = 0;
        for (int i = 0; i < transcript.length(); i++) {
            char c = transcript.charAt(i);
            if (c == '\r') {
                cursor = 0;
            } else if (c == '\n') {
                lines.add(line.toString());
                line.setLength(0);
                cursor = 0;
            } else if (c == '\u001b' && transcript.startsWith("[K", i + 1)) {
                line.setLength(cursor);
                i += 2;
            } else {
                if (cursor < line.length()) {
                    line.setCharAt(cursor, c);
                } else {
                    line.append(c);
                }
                cursor++;
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines.stream().filter(l -> !l.isBlank()).toList();
    }
}

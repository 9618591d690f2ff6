package com.billingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input is exit 2 with a message naming the problem, and nothing is written. */
class BadInputTest {

    @TempDir
    Path tmp;

    private Path dataDir() {
        return tmp.resolve("data");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13", "2026-1", "2026-00", "26-10", "october"})
    void malformedPeriodsAreRefusedBeforeAnythingIsWritten(String period) {
        Cli.Result result = Cli.run("--data-dir", dataDir().toString(), "--sandbox", "run", "--period", period);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("'" + period + "'");
        assertThat(dataDir()).doesNotExist();
    }

    @Test
    void theCurrentAndFutureMonthsAreNotClosed() {
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        for (YearMonth month : new YearMonth[] {now, now.plusMonths(1), now.plusYears(3)}) {
            Cli.Result result = Cli.run("--data-dir", dataDir().toString(), "--sandbox", "run", "--period", month.toString());
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).contains(month.toString(), "not closed");
        }
        assertThat(dataDir()).doesNotExist();
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        Cli.Result command = Cli.run("--data-dir", dataDir().toString(), "frobnicate");
        assertThat(command.exitCode()).isEqualTo(2);
        assertThat(command.err()).contains("frobnicate");
        Cli.Result option = Cli.run("--data-dir", dataDir().toString(), "run", "--period", Cli.lastMonth(), "--bogus");
        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.err()).contains("--bogus");
        Cli.Result missing = Cli.run("--data-dir", dataDir().toString(), "run");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--period");
        assertThat(dataDir()).doesNotExist();
    }

    @Test
    void helpExplainsTheCommands() {
        Cli.Result help = Cli.run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("run", "restart", "status", "payers", "Exit codes");
    }

    private Cli.Result importCsv(String content) throws Exception {
        Path csv = tmp.resolve("payers.csv");
        Files.writeString(csv, content);
        return Cli.run("--data-dir", dataDir().toString(), "payers", "import", csv.toString());
    }

    private static final String HEADER = "payer_account_id,customer_id,customer_name,currency,role_arn,status\n";

    @Test
    void payerFilesWithBadRowsAddNothing() throws Exception {
        assertRefused(importCsv(HEADER + "111122223333,C-1,Good,EUR,,PENDING\n12345,C-2,Bad id,EUR,,PENDING\n"),
                "line 3", "payer_account_id '12345'");
        assertRefused(importCsv(HEADER + "111122223333,C-1,Good,EUR,,PENDING\n444455556666,C-2,Bad,XYZ,,PENDING\n"),
                "line 3", "currency 'XYZ'");
        assertRefused(importCsv(HEADER + "111122223333,C-1,Good,EUR,,PENDING\n111122223333,C-2,Twice,EUR,,PENDING\n"),
                "line 3", "duplicate payer_account_id 111122223333");
        assertRefused(importCsv("payer_account_id,customer_id,customer_name,role_arn,status\n"
                + "111122223333,C-1,No currency,,PENDING\n"), "line 1", "missing column currency");
        assertThat(payerCount()).isZero();
    }

    @Test
    void aPayerAlreadyInTheRegistryRefusesTheWholeFile() throws Exception {
        assertThat(importCsv(HEADER + "111122223333,C-1,First,EUR,,PENDING\n").exitCode()).isZero();
        assertRefused(importCsv(HEADER + "444455556666,C-2,New,USD,,PENDING\n111122223333,C-1,Again,EUR,,PENDING\n"),
                "111122223333", "already in the registry");
        assertThat(payerCount()).isEqualTo(1);
    }

    private int payerCount() {
        Cli.Result list = Cli.run("--data-dir", dataDir().toString(), "payers", "list", "--json");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(list.out()).size();
    }

    private static void assertRefused(Cli.Result result, String... messageParts) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(messageParts);
    }
}

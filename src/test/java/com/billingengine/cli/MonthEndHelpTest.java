package com.billingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** --help tells the month-end workflow as the README does: when to run, how to check, how to correct, exit 4. */
class MonthEndHelpTest {

    private static String help(String... command) {
        String[] args = new String[command.length + 1];
        System.arraycopy(command, 0, args, 0, command.length);
        args[command.length] = "--help";
        Cli.Result help = Cli.run(args);
        assertThat(help.exitCode()).as(help.toString()).isZero();
        return help.out().replaceAll("\\s+", " ");
    }

    @Test
    void theTopLevelHelpListsExitCode4AndTheMonthEndCommands() {
        assertThat(help()).contains("Exit codes: 0 done, 1 the job failed (restartable), 2 bad input or usage, "
                + "3 refused by state, 4 (check only) the period changed in Cost Explorer since it was invoiced.")
                .contains("check --last 3", "run --period P --rerun", "writes rev-N with corrections", "diff --period P --from N --to M")
                .containsPattern(" check +Late-data check").containsPattern(" diff +What changed between two revisions");
    }

    @Test
    void eachCommandTellsItsPartOfTheMonthEnd() {
        assertThat(help("run")).contains("usually by the 5th", "restart --period P --reextract",
                "imports only those", "corrections.csv", "\"kind\": \"correction\"");
        assertThat(help("restart")).contains("--reextract", "estimated", "no --allow-estimated, no database edits");
        assertThat(help("check")).contains("--last", "Exit 0: nothing changed", "Exit 4: the period changed since it "
                + "was invoiced", "run --period P --rerun");
        assertThat(help("diff")).contains("--from", "--to", "--json", "corrections.csv");
    }
}

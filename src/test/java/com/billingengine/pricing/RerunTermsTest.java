package com.billingengine.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;

/**
 * A rerun corrects what changed in AWS, priced with the terms in force for its period: a markup change dated from a
 * later period leaves it as it was; an undated edit is refused naming the rule unless --reprice, and then the
 * correction says the lines moved because of pricing. Period 2026-10 on the sandbox with the demo's rules of
 * {@link SandboxAmountsTest} (late credits: C-1001 −79.69 USD, C-1002 −5.98 EUR, see LateCreditsCorrectionTest).
 */
class RerunTermsTest {

    private static final String PERIOD = "2026-10";
    /** The same rules with the global markup renewed at 7 % from 2026-11: October keeps 5 %. */
    private static final String DATED_RENEWAL = SandboxAmountsTest.EXAMPLE_RULES.replace("""
              - id: global-markup
                percent: 5.0
            """, """
              - id: global-markup
                percent: 5.0
                until: 2026-10
              - id: global-markup-2026-11
                percent: 7.0
                from: 2026-11
            """);
    /** The global markup edited without dates, under a new id: October's terms change. */
    private static final String UNDATED_EDIT = SandboxAmountsTest.EXAMPLE_RULES.replace("""
              - id: global-markup
                percent: 5.0
            """, """
              - id: global-markup-7
                percent: 7.0
            """);

    @Test
    void aMarkupChangeDatedFromALaterPeriodLeavesTheRerunOfAnEarlierOneToTheAwsData(@TempDir Path plain,
            @TempDir Path dated, @TempDir Path config) throws Exception {
        Path before = RunConfig.write(config.resolve("before"), SandboxAmountsTest.EXAMPLE_RULES,
                RunConfig.SHIPPED_RATES);
        Path renewed = RunConfig.write(config.resolve("renewed"), DATED_RENEWAL, RunConfig.SHIPPED_RATES);
        // the same month-end without the renewal: the correction the late credits alone make
        ok(run(plain, before, "run", "--period", PERIOD));
        Cli.Result plainRerun = ok(run(plain, before, "--sandbox-late-credits", "run", "--period", PERIOD, "--rerun"));

        ok(run(dated, before, "run", "--period", PERIOD));
        Cli.Result unchanged = ok(run(dated, renewed, "run", "--period", PERIOD, "--rerun"));
        assertThat(unchanged.out()).contains("correction of rev-1: no change, empty correction written");
        Cli.Result lateCredits = ok(run(dated, renewed, "--sandbox-late-credits", "run", "--period", PERIOD,
                "--rerun"));

        assertThat(lateCredits.out()).contains(
                "correction of rev-2: 6 changed lines, C-1001 credit -79.69 USD, C-1002 credit -5.98 EUR\n");
        List<String> corrections = Files.readAllLines(folder(dated, 3).resolve("corrections.csv"));
        assertThat(corrections).hasSizeGreaterThan(1);
        assertThat(corrections.subList(1, corrections.size())).allSatisfy(line ->
                assertThat(line).as("every line moved because of AWS, priced by the same rule (none on a new or"
                        + " vanished line's other side)").matches(".*,aws-data,(([a-z-]+),\\2|,[a-z-]+|[a-z-]+,)$"));
        assertThat(corrections).as("the deltas of the same scenario without the renewal")
                .isEqualTo(Files.readAllLines(folder(plain, 2).resolve("corrections.csv")));
        assertThat(plainRerun.out()).contains("C-1001 credit -79.69 USD", "C-1002 credit -5.98 EUR");
    }

    @Test
    void anUndatedEditIsRefusedNamingTheRuleAndAReprisedRerunSaysWhyEachLineMoved(@TempDir Path data,
            @TempDir Path config) throws Exception {
        Path before = RunConfig.write(config.resolve("before"), SandboxAmountsTest.EXAMPLE_RULES,
                RunConfig.SHIPPED_RATES);
        Path edited = RunConfig.write(config.resolve("edited"), UNDATED_EDIT, RunConfig.SHIPPED_RATES);
        ok(run(data, before, "run", "--period", PERIOD));

        Cli.Result refused = run(data, edited, "run", "--period", PERIOD, "--rerun");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.err()).contains("the terms in force for 2026-10 now differ from those that priced rev-1",
                "rule 'global-markup' priced rev-1 but is no longer in force: {id: global-markup, percent: 5.0}",
                "rule 'global-markup-7' is in force now but did not price rev-1: {id: global-markup-7, percent: 7.0}",
                "--reprice");
        assertThat(folder(data, 2)).as("nothing written").doesNotExist();

        Cli.Result repriced = ok(run(data, edited, "run", "--period", PERIOD, "--rerun", "--reprice"));
        // C-1002 and C-1003 are priced by the global markup (C-1001 by its own rules): 5 % → 7 % on their
        // marked-up lines, i.e. 2/105 of those lines' amounts: C-1003 15,348,109 → 15,638,227 JPY
        assertThat(repriced.out()).contains("correction of rev-1: 298 changed lines, C-1002 debit 1655.25 EUR,"
                + " C-1003 debit 290118 JPY\n", "C-1003     Tanaka Shoji K.K.                  165 lines          15638227 JPY");
        List<String> corrections = Files.readAllLines(folder(data, 2).resolve("corrections.csv"));
        assertThat(corrections.get(0)).endsWith(",delta,cause,rule_before,rule_now");
        assertThat(corrections.subList(1, corrections.size())).isNotEmpty().allSatisfy(line ->
                assertThat(line).as("moved by the terms alone, AWS unchanged").endsWith(",pricing,global-markup,global-markup-7"));
        String xml = Files.readString(folder(data, 2).resolve("corrections.xml"));
        assertThat(xml).contains("cause=\"pricing\"", "<ruleBefore>global-markup</ruleBefore>",
                "<ruleNow>global-markup-7</ruleNow>").doesNotContain("cause=\"aws-data\"");

        // the charge handling is a term too
        Path taxBilled = Files.writeString(config.resolve("edited").resolve("monthly-billing.yml"),
                Files.readString(edited).replace("tax: pass-through", "tax: bill"));
        Cli.Result charges = run(data, taxBilled, "run", "--period", PERIOD, "--rerun");
        assertThat(charges.exitCode()).as(charges.toString()).isEqualTo(3);
        assertThat(charges.err()).contains("charges.tax: pass-through → bill");
    }

    @Test
    void overlappingRulesAndAnItemForAnUnknownCustomerStopTheRunBeforeAnythingIsWritten(@TempDir Path data,
            @TempDir Path config) throws Exception {
        Path overlapping = RunConfig.write(config.resolve("overlapping"), DATED_RENEWAL.replace("from: 2026-11",
                "from: 2026-10"), RunConfig.SHIPPED_RATES);
        Cli.Result refused = run(data, overlapping, "run", "--period", PERIOD);
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains(config.resolve("overlapping/pricing-rules.yml") + " line 5: rule"
                + " 'global-markup-2026-11', field 'scope': same scope {} as rule 'global-markup' (line 2) in overlapping"
                + " periods (global-markup: until 2026-10, global-markup-2026-11: from 2026-10)");

        Path unknown = RunConfig.write(config.resolve("unknown"), SandboxAmountsTest.EXAMPLE_RULES
                .replace("customer: C-1001\n    description: Managed", "customer: C-2002\n    description: Managed"),
                RunConfig.SHIPPED_RATES);
        Cli.Result typo = run(data, unknown, "run", "--period", PERIOD);
        assertThat(typo.exitCode()).as(typo.toString()).isEqualTo(2);
        assertThat(typo.err()).contains(config.resolve("unknown/pricing-rules.yml") + " line 18: custom line item"
                + " 'acme-management-fee', field 'customer': customer C-2002 is not in the payer registry");
        assertThat(data.resolve("exports")).as("nothing written").doesNotExist();
        assertThat(Cli.run("--data-dir", data.toString(), "status").out()).doesNotContain("rev-1");
    }

    @Test
    void aRerunThatFailedIsRestartedWithTheTermsItsLaunchCompared(@TempDir Path data, @TempDir Path config)
            throws Exception {
        Path before = RunConfig.write(config.resolve("before"), SandboxAmountsTest.EXAMPLE_RULES,
                RunConfig.SHIPPED_RATES);
        Path edited = RunConfig.write(config.resolve("edited"), UNDATED_EDIT, RunConfig.SHIPPED_RATES);
        ok(run(data, before, "run", "--period", PERIOD));
        Cli.Result failed = run(data, before, "--sandbox-faults", "fail-ce-after=1", "run", "--period", PERIOD,
                "--rerun");
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);

        // the rules file is edited while rev-2 waits for its restart: rev-2 keeps the terms it was launched with
        Cli.Result restarted = ok(run(data, edited, "restart", "--period", PERIOD));
        assertThat(restarted.out()).contains("rev-2: COMPLETED", "correction of rev-1: no change, empty correction"
                + " written");
    }

    private static Path folder(Path data, int revision) {
        return data.resolve("exports").resolve(PERIOD).resolve("rev-" + revision);
    }

    private static Cli.Result run(Path data, Path config, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.sandbox(data, all);
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }
}

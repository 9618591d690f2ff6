package com.billingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.BillingProperties;
import com.billingengine.batch.Partitioning;
import com.billingengine.costs.CostMetric;
import com.billingengine.export.ExportFormat;
import com.billingengine.export.ReleaseApproval;
import com.billingengine.identity.AuthMode;
import com.billingengine.pricing.ChargeHandling;
import com.billingengine.pricing.ChargeType;

/**
 * The closed sets of the configuration are enums bound from the spellings users write, and a value that does not
 * convert (an unknown enum value, a word for a number) is one problem among the others: the check names every one
 * in one run, one line each with the file, line and key, and nothing twice.
 */
class ConfigurationCheckTest {

    @TempDir
    Path tmp;

    @Test
    void twoUnknownValuesAndAWordForANumberAreThreeLinesOfOneRun() throws Exception {
        Path config = Files.writeString(tmp.resolve("billing.yml"), """
                billing:
                  job:
                    partitioning: remot
                    concurrency: many
                  costs:
                    metric: BlendedCost
                """);

        String message = problems(config);

        List<String> lines = message.lines().toList();
        assertThat(lines).as(message).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(config + " line 3, column 19: billing.job.partitioning: unknown value"
                + " 'remot'; expected one of local, remote");
        assertThat(lines.get(1)).isEqualTo("error: " + config + " line 4, column 18: billing.job.concurrency: not a"
                + " whole number: 'many'");
        assertThat(lines.get(2)).isEqualTo("error: " + config + " line 6, column 13: billing.costs.metric: unknown"
                + " value 'BlendedCost'; expected one of UnblendedCost, NetUnblendedCost");
    }

    @Test
    void aDecimalForAWholeNumberIsRefusedNotTruncated() throws Exception {
        // Spring's number conversion would make 1.5 a 1 without a word
        Path config = Files.writeString(tmp.resolve("billing.yml"), """
                billing:
                  job:
                    concurrency: 2.5
                    lease-seconds: 120.0
                """);

        String message = problems(config);

        assertThat(message.lines().toList()).as(message).containsExactly(config + " line 3, column 18:"
                + " billing.job.concurrency: not a whole number: '2.5'");
    }

    @Test
    void unconvertibleValuesAreReportedWithTheConstraintViolationsInFileOrder() throws Exception {
        Path config = Files.writeString(tmp.resolve("billing.yml"), """
                billing:
                  auth-mode: kerberos
                  job:
                    lease-seconds: 2
                  export:
                    formats: [pdf, xml, doc]
                    approval: maybe
                  charges:
                    tax: dorp
                  progress:
                    interval-seconds: -1
                """);

        List<String> lines = problems(config).lines().map(l -> l.replaceFirst("^error: ", "")).toList();

        assertThat(lines).as(String.join("\n", lines)).containsExactly(
                config + " line 2, column 14: billing.auth-mode: unknown value 'kerberos'; expected one of entra-id,"
                        + " token-file, default-chain, sandbox",
                config + " line 4, column 20: billing.job.lease-seconds: must be at least 3 (the heartbeat renews the"
                        + " lease every third of it), got 2",
                config + " line 6, column 15: billing.export.formats[0]: unknown value 'pdf'; expected one of csv,"
                        + " xml, focus",
                config + " line 6, column 25: billing.export.formats[2]: unknown value 'doc'; expected one of csv,"
                        + " xml, focus",
                config + " line 7, column 15: billing.export.approval: unknown value 'maybe'; expected one of none,"
                        + " required",
                config + " line 9, column 10: billing.charges.tax: unknown handling 'dorp' (expected one of bill,"
                        + " pass-through, drop)",
                config + " line 11, column 23: billing.progress.interval-seconds: must be 0 or more, got -1");
    }

    @Test
    void anOptionNamesItselfAndAnEmptyValueIsNoDefault() throws Exception {
        Path config = Files.writeString(tmp.resolve("billing.yml"), "billing:\n  job:\n    partitioning: \"\"\n");

        String message = catchThrowableOfType(IllegalArgumentException.class, () -> ConfigurationCheck.check(
                List.of("--billing.auth-mode=bogus"), config, Installation.root())).getMessage();

        assertThat(message.lines()).as(message).containsExactly(
                config + " line 3, column 19: billing.job.partitioning: unknown value ''; expected one of local, remote",
                "error: option --auth-mode: unknown value 'bogus'; expected one of entra-id, token-file, default-chain,"
                        + " sandbox");
    }

    @Test
    void everySpellingAcceptedBeforeBindsToItsConstant() throws Exception {
        Path config = Files.writeString(tmp.resolve("billing.yml"), """
                billing:
                  auth-mode: " Default-Chain "
                  job:
                    partitioning: local
                  costs:
                    metric: NetUnblendedCost
                  export:
                    formats: [focus, csv]
                    approval: required
                  charges:
                    tax: pass-through
                    credit: bill
                    refund: drop
                """);

        BillingProperties p = ConfigurationCheck.check(List.of(), config, Installation.root()).properties();

        assertThat(p.authMode()).isEqualTo(AuthMode.DEFAULT_CHAIN);
        assertThat(p.job().partitioning()).isEqualTo(Partitioning.LOCAL);
        assertThat(p.costs().metric()).isEqualTo(CostMetric.NET_UNBLENDED_COST);
        assertThat(p.export().formats()).containsExactly(ExportFormat.FOCUS, ExportFormat.CSV);
        assertThat(p.export().approval()).isEqualTo(ReleaseApproval.REQUIRED);
        assertThat(p.charges()).containsEntry("tax", ChargeHandling.PASS_THROUGH)
                .containsEntry("credit", ChargeHandling.BILL).containsEntry("refund", ChargeHandling.DROP);
        for (String mode : List.of("entra-id", "ENTRA-ID", "token-file", "default-chain", " sandbox ", "Sandbox")) {
            Path file = Files.writeString(tmp.resolve("mode.yml"), "billing:\n  auth-mode: \"" + mode + "\"\n");
            assertThat(ConfigurationCheck.check(List.of("--billing.token-file=" + file), file, Installation.root())
                    .properties().authMode()).as(mode).isEqualTo(AuthMode.of(mode).orElseThrow());
        }
    }

    @Test
    void theDefaultsAreTheSpellingsOfTheConfiguration() throws Exception {
        Path config = Files.writeString(tmp.resolve("billing.yml"), "billing:\n  aws:\n    region: eu-west-1\n");

        BillingProperties p = ConfigurationCheck.check(List.of(), config, Installation.root()).properties();

        assertThat(p.authMode()).hasToString("entra-id");
        assertThat(p.job().partitioning()).hasToString("local");
        assertThat(p.costs().metric()).hasToString("UnblendedCost");
        assertThat(p.export().formats()).extracting(String::valueOf).containsExactly("csv", "xml", "focus");
        assertThat(p.export().approval()).hasToString("none");
    }

    private static String problems(Path config) {
        return catchThrowableOfType(IllegalArgumentException.class,
                () -> ConfigurationCheck.check(List.of(), config, Installation.root())).getMessage();
    }

    @Test
    void anUnknownKeyIsOneLineAmongTheOthers() throws Exception {
        Path config = Files.writeString(tmp.resolve("billing.yml"), """
                billing:
                  job:
                    partitioning: remot
                    concurency: 4
                    lease-seconds: soon
                """);

        List<String> lines = problems(config).lines().map(l -> l.replaceFirst("^error: ", "")).toList();

        // the values that did not convert were there: not unknown keys besides the typo
        assertThat(lines).as(String.join("\n", lines)).containsExactly(
                config + " line 3, column 19: billing.job.partitioning: unknown value 'remot'; expected one of local,"
                        + " remote",
                config + " line 4, column 17: billing.job.concurency: unknown configuration key",
                config + " line 5, column 20: billing.job.lease-seconds: not a whole number: 'soon'");
    }

    @Test
    void aWordForADurationAndANumberTooLargeSayWhatTheSettingTakes() throws Exception {
        Path config = Files.writeString(tmp.resolve("billing.yml"), """
                billing:
                  job:
                    remote-timeout: soon
                  export:
                    pause-ms: later
                  progress:
                    interval-seconds: 99999999999
                """);

        List<String> lines = problems(config).lines().map(l -> l.replaceFirst("^error: ", "")).toList();

        assertThat(lines).as(String.join("\n", lines)).containsExactly(
                config + " line 3, column 21: billing.job.remote-timeout: not a duration such as 30s or 5m: 'soon'",
                config + " line 5, column 15: billing.export.pause-ms: not a whole number: 'later'",
                config + " line 7, column 23: billing.progress.interval-seconds: not a whole number from -2147483648"
                        + " to 2147483647: '99999999999'");
        assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain("java.", "Failed to convert"));
    }

    @Test
    void everyUnknownChargeTypeIsNamedWithItsLine() throws Exception {
        Path config = Files.writeString(tmp.resolve("billing.yml"), """
                billing:
                  charges:
                    vat: bill
                    tax: dorp
                    VAT: drop
                    "sales tax": bill
                    credit: pass-through
                """);

        List<String> lines = problems(config).lines().map(l -> l.replaceFirst("^error: ", "")).toList();

        assertThat(lines).as(String.join("\n", lines)).containsExactly(
                config + " line 3, column 10: billing.charges.vat: unknown charge type 'vat' (known: " + KNOWN + ")",
                config + " line 4, column 10: billing.charges.tax: unknown handling 'dorp' (expected one of bill,"
                        + " pass-through, drop)",
                config + " line 5, column 10: billing.charges.VAT: unknown charge type 'VAT' (known: " + KNOWN + ")",
                // named as written, and as the binder read it (it drops what no property name holds)
                config + " line 6, column 18: billing.charges.sales tax: unknown charge type 'salestax' (known: "
                        + KNOWN + ")");
    }

    private static final String KNOWN = java.util.Arrays.stream(ChargeType.values()).map(ChargeType::code)
            .collect(java.util.stream.Collectors.joining(", "));
}

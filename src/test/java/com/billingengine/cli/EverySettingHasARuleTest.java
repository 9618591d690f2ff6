package com.billingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * Every key of the shipped jobs/monthly-billing.yml has a rule, checked at start-up with the others: a bad value of
 * it is exit 2 naming the config file, line and key, before anything is written.
 */
class EverySettingHasARuleTest {

    /** A bad value per key of the shipped file (a list key by its name without index). */
    private static final Map<String, String> BAD = Map.ofEntries(
            Map.entry("billing.job.concurrency", "0"),
            Map.entry("billing.job.account-chunk-size", "-1"),
            Map.entry("billing.job.cost-chunk-size", "0"),
            Map.entry("billing.job.invoice-chunk-size", "0"),
            Map.entry("billing.job.lease-seconds", "2"),
            Map.entry("billing.job.remote-timeout", "-1s"),
            Map.entry("billing.costs.metric", "BlendedCost"),
            Map.entry("billing.costs.window-days", "0"),
            Map.entry("billing.costs.queries-per-payer", "0"),
            Map.entry("billing.aws.region", "Frankfurt"),
            Map.entry("billing.aws.max-attempts", "0"),
            Map.entry("billing.aws.session-duration-seconds", "60"),
            Map.entry("billing.export.formats", "[pdf]"),
            Map.entry("billing.export.invoice-day", "31"),
            Map.entry("billing.export.payment-terms-days", "-1"),
            Map.entry("billing.export.approval", "maybe"),
            Map.entry("billing.charges.credit", "keep"),
            Map.entry("billing.charges.refund", "keep"),
            Map.entry("billing.charges.tax", "keep"),
            Map.entry("billing.identity.authority", "login.microsoftonline.com"),
            Map.entry("billing.exchange-rates", "no-such-rates.csv"),
            Map.entry("billing.pricing-rules", "no-such-rules.yml"));

    @TempDir
    Path tmp;

    static Stream<String> shippedKeys() throws Exception {
        TreeSet<String> keys = new TreeSet<>();
        Path shipped = Installation.root().resolve(Installation.DEFAULT_CONFIG);
        for (var source : new YamlPropertySourceLoader().load("shipped", new FileSystemResource(shipped))) {
            for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                keys.add(name.replaceFirst("\\[\\d+]$", ""));
            }
        }
        return keys.stream();
    }

    @Test
    void everyKeyOfTheShippedFileHasABadValueCase() throws Exception {
        assertThat(shippedKeys().toList()).isNotEmpty().allSatisfy(key -> assertThat(BAD).as(
                "a bad-value case (and a rule) for " + key).containsKey(key));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedKeys")
    void aBadValueIsExitTwoNamingFileLineAndKey(String key) throws Exception {
        Path config = Files.writeString(tmp.resolve("billing.yml"), key + ": " + BAD.get(key) + "\n");
        Path data = tmp.resolve("data");
        // the sandbox sets the authority itself: that key is checked by a command without the simulator
        List<String> command = key.equals("billing.identity.authority") ? List.of("status")
                : List.of("--sandbox", "run", "--period", Cli.lastMonth());
        String[] args = Stream.concat(Stream.of("--data-dir", data.toString(), "--config", config.toString()),
                command.stream()).toArray(String[]::new);

        Cli.Result result = Cli.run(args);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err().lines()).as(result.toString()).hasSize(1).first().asString()
                .startsWith("error: " + config + " line 1, column ").contains(key);
        assertThat(data).as("nothing written").doesNotExist();
    }
}

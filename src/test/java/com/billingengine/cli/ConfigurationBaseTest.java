package com.billingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.opencsv.CSVReader;

/**
 * Configuration never changes a bill silently: relative paths in a config file mean the files beside it, and the
 * shipped configuration holds no example markups (the registry's apply), while the sandbox demo shows them.
 */
class ConfigurationBaseTest {

    private static final String PERIOD = "2026-10";
    private static final String[] SMALL = {"--sandbox", "--sandbox-payers", "2", "--sandbox-accounts", "2",
            "--sandbox-services", "3"};

    @TempDir
    Path tmp;

    @Test
    void relativePathsInAConfigFileAreTheFilesBesideIt() throws Exception {
        // the working directory (the checkout, in a test) holds no rules.yml or rates.csv: only the config's folder does
        Path folder = Files.createDirectories(tmp.resolve("site-config"));
        Files.writeString(folder.resolve("billing.yml"), "billing:\n  pricing-rules: rules.yml\n  exchange-rates: rates.csv\n");
        Files.writeString(folder.resolve("rules.yml"), "rules:\n  - id: site-wide-ten\n    percent: 10\n");
        Files.copy(Installation.root().resolve(Installation.EXCHANGE_RATES), folder.resolve("rates.csv"));

        List<String[]> lines = run("--config", folder.resolve("billing.yml").toString());

        assertThat(priced(lines)).isNotEmpty().allSatisfy(line -> assertThat(line[column("pricing_rule")])
                .as(String.join(",", line)).isEqualTo("site-wide-ten"));
        assertThat(priced(lines)).allSatisfy(line -> assertThat(line[column("markup_percent")]).isEqualTo("10"));
    }

    @Test
    void theShippedConfigurationBillsEveryPayerAtItsRegistryMarkup() throws Exception {
        List<String[]> lines = run("--config", Installation.root().resolve(Installation.DEFAULT_CONFIG).toString());

        assertThat(priced(lines)).isNotEmpty().allSatisfy(line -> assertThat(line[column("pricing_rule")])
                .as(String.join(",", line)).isEqualTo("registry"));
    }

    @Test
    void theSandboxDemoWithoutConfigShowsTheExampleRules() throws Exception {
        List<String[]> lines = run();

        assertThat(lines.stream().map(line -> line[column("pricing_rule")]).collect(Collectors.toSet()))
                .contains("fabrikam-default", "acme-management-fee").doesNotContain("registry");
    }

    /** A sandbox run of a small scenario; returns the data rows of invoice-lines.csv. */
    private List<String[]> run(String... config) throws Exception {
        Path data = tmp.resolve("data");
        String[] args = concat(new String[] {"--data-dir", data.toString()}, SMALL, config,
                new String[] {"run", "--period", PERIOD});
        Cli.Result result = Cli.run(args);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        try (CSVReader csv = new CSVReader(Files.newBufferedReader(data.resolve("exports/" + PERIOD + "/rev-1/invoice-lines.csv")))) {
            List<String[]> rows = csv.readAll();
            header = Arrays.asList(rows.get(0));
            return rows.subList(1, rows.size());
        }
    }

    private List<String> header;

    /**
     * The lines that pricing rules price: credits, refunds and tax pass through at AWS cost by the shipped charge
     * policy (billing.charges), whatever the rules say, and are checked to be only those.
     */
    private List<String[]> priced(List<String[]> lines) {
        List<String[]> passThrough = lines.stream().filter(l -> l[column("pricing_rule")].equals("pass-through")).toList();
        assertThat(passThrough).allSatisfy(l -> assertThat(l[column("charge_type")]).isIn("credit", "refund", "tax"));
        return lines.stream().filter(l -> !passThrough.contains(l)).toList();
    }

    private int column(String name) {
        assertThat(header).contains(name);
        return header.indexOf(name);
    }

    private static String[] concat(String[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(String[]::new);
    }
}

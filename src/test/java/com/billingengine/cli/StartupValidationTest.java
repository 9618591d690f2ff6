package com.billingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job configuration is checked before anything runs; a missing exchange rate stops the job before any export. */
class StartupValidationTest {

    @TempDir
    Path tmp;

    private Path config(String yaml) throws Exception {
        Path file = tmp.resolve("monthly-billing.yml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void anInvalidPricingRuleIsExitTwoNamingFileRuleAndField() throws Exception {
        Path rules = tmp.resolve("pricing-rules.yml");
        Files.writeString(rules, """
                rules:
                  - id: too-generous
                    percent: 5
                    scope:
                      account: "12345"
                """);
        Path config = config("billing:\n  pricing-rules: " + rules + "\n");
        Cli.Result result = Cli.run("--data-dir", tmp.resolve("data").toString(), "--config", config.toString(),
                "--sandbox", "run", "--period", Cli.lastMonth());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(rules.toString(), "too-generous", "account", "12345");
        assertThat(tmp.resolve("data/exports")).doesNotExist();
    }

    @Test
    void anUnknownConfigurationKeyIsExitTwoNamingTheFileAndLine() throws Exception {
        Path config = config("billing:\n  job:\n    concurency: 4\n");
        Cli.Result result = Cli.run("--data-dir", tmp.resolve("data").toString(), "--config", config.toString(),
                "--sandbox", "run", "--period", Cli.lastMonth());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("concurency", "monthly-billing.yml", "line 3");
    }

    @Test
    void aMissingExchangeRateIsExitTwoBeforeTheJobNamingCurrencyAndPeriod() throws Exception {
        Path rates = tmp.resolve("exchange-rates.csv");
        Files.writeString(rates, "period,currency,rate\n" + Cli.lastMonth() + ",EUR,0.92\n");
        Path config = config("billing:\n  exchange-rates: " + rates + "\n");
        Cli.Result result = Cli.run("--data-dir", tmp.resolve("data").toString(), "--config", config.toString(),
                "--sandbox", "run", "--period", Cli.lastMonth());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("no exchange rate for JPY in " + Cli.lastMonth(), rates.toString());
        assertThat(tmp.resolve("data/exports")).doesNotExist();
    }

    @Test
    void quicklinkPrintsTheConsoleLinkForARegisteredPayer() throws Exception {
        Path data = tmp.resolve("data");
        Cli.Result add = Cli.run("--data-dir", data.toString(), "payers", "add", "--payer", "111122223333",
                "--customer-id", "C-7", "--customer-name", "Example", "--currency", "EUR");
        assertThat(add.exitCode()).as(add.toString()).isZero();
        Cli.Result link = Cli.run("--data-dir", data.toString(), "payers", "quicklink", "--payer", "111122223333",
                "--template-url", "https://billing-templates.s3.us-east-1.amazonaws.com/openid/billing-engine-openid.yaml");
        assertThat(link.exitCode()).as(link.toString()).isZero();
        assertThat(link.out().strip()).startsWith("https://us-east-1.console.aws.amazon.com/cloudformation/home?region=us-east-1#/stacks/create/review?")
                .contains("templateURL=https%3A%2F%2Fbilling-templates.s3.us-east-1.amazonaws.com%2Fopenid%2Fbilling-engine-openid.yaml",
                        "param_SelectedEnvironment=Prod", "param_RoleDeploymentOption=Only%20Billing%20OpenID%20role",
                        "param_OpenIDFederationService=Simple");
        Cli.Result unknown = Cli.run("--data-dir", data.toString(), "payers", "quicklink", "--payer", "999999999999",
                "--template-url", "https://billing-templates.s3.us-east-1.amazonaws.com/openid/t.yaml");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("999999999999", "not in the registry");
    }
}

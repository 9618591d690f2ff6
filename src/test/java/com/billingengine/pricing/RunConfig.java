package com.billingengine.pricing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A job configuration file for a CLI test: the shipped job settings, with its own pricing rules and rates files. */
final class RunConfig {

    /** The rates the repository ships (2026-10: EUR 0.9150, JPY 149.20). */
    static final Path SHIPPED_RATES = Path.of("jobs", "exchange-rates.csv").toAbsolutePath();

    private RunConfig() {
    }

    /** Writes pricing-rules.yml and monthly-billing.yml into {@code dir}; returns the config file for --config. */
    static Path write(Path dir, String rulesYaml, Path rates) throws IOException {
        Files.createDirectories(dir);
        Path rules = Files.writeString(dir.resolve("pricing-rules.yml"), rulesYaml);
        return Files.writeString(dir.resolve("monthly-billing.yml"), """
                billing:
                  charges:
                    credit: pass-through
                    refund: pass-through
                    tax: pass-through
                  exchange-rates: "%s"
                  pricing-rules: "%s"
                """.formatted(rates.toAbsolutePath(), rules.toAbsolutePath()));
    }
}

package com.billingengine.pricing;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Pricing rules of the sandbox demo as the pinned amounts of {@link SandboxAmountsTest} and the late-credits tests
 * were hand-checked with (global 5 %, support at cost, Contoso's own markup and EC2 discount, its fee and one-time
 * credit), independent of later edits of jobs/examples/pricing-rules.yml.
 */
public final class ExampleRules {

    public static final String YAML = """
            rules:
              - id: global-markup
                percent: 5.0
              - id: global-support
                percent: 0
                scope:
                  chargeType: support
              - id: acme-default
                percent: 8.5
                scope:
                  customer: C-1001
              - id: acme-ec2-discount
                percent: -3.5
                scope:
                  customer: C-1001
                  service: Amazon Elastic Compute Cloud - Compute
            customLineItems:
              - id: acme-management-fee
                customer: C-1001
                description: Managed cloud operations fee
                amount: 250.00
                recurrence: recurring
                from: 2026-01
              - id: acme-onboarding-credit
                customer: C-1001
                description: Onboarding credit
                amount: -100
                recurrence: one-time
                period: 2026-10
            """;

    private ExampleRules() {
    }

    /** A configuration (shipped settings, these rules, the shipped rates) in {@code dir}, for --config. */
    public static Path config(Path dir) throws IOException {
        return RunConfig.write(dir, YAML, RunConfig.SHIPPED_RATES);
    }
}

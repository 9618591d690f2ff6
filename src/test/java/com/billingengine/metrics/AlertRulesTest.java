package com.billingengine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * jobs/alert-rules.yml is valid Prometheus rules YAML and its alerts fire when they should: promtool's rule unit
 * tests (src/test/resources/prometheus/alert-rules.test.yml) feed it series and expect the alerts.
 */
class AlertRulesTest {

    @Test
    void theExampleRulesAreValid() throws Exception {
        assertThat(promtool("check", "rules", "jobs/alert-rules.yml")).contains("SUCCESS: 3 rules found");
    }

    @Test
    void aMonthNotCompletedByThe7thAFailedRunAndAChangedPeriodAlert() throws Exception {
        assertThat(promtool("test", "rules", "src/test/resources/prometheus/alert-rules.test.yml")).contains("SUCCESS");
    }

    private static String promtool(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(said).isZero();
        return said;
    }
}

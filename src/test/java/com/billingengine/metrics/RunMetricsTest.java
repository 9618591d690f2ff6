package com.billingengine.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * A sandbox run writes its metrics in Prometheus text format to the textfile (promtool parses it) and pushes the
 * same text to a Pushgateway (a local HTTP stub records it); both carry the run's figures as the summary states them.
 */
class RunMetricsTest {

    static final String PERIOD = Cli.lastMonth();

    @TempDir
    static Path dataDir;

    static WireMockServer pushgateway;
    static Cli.Result run;
    static Path textfile;

    @BeforeAll
    static void runWithMetrics() throws Exception {
        pushgateway = new WireMockServer(options().dynamicPort());
        pushgateway.start();
        pushgateway.stubFor(put(urlPathMatching("/metrics/job/.*")).willReturn(aResponse().withStatus(200)));
        textfile = dataDir.resolve("node-exporter").resolve("billing.prom");
        Path config = dataDir.resolve("monitoring.yml");
        Files.writeString(config, "billing:\n  metrics:\n    textfile: " + textfile + "\n    pushgateway-url: "
                + pushgateway.baseUrl() + "\n");
        run = Cli.run("--data-dir", dataDir.toString(), "--config", config.toString(), "--sandbox", "run",
                "--period", PERIOD);
    }

    @AfterAll
    static void stop() {
        pushgateway.stop();
    }

    @Test
    void theTextfileParsesAndCarriesTheRunsFigures() throws Exception {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String text = Files.readString(textfile);
        promtoolAccepts(text);
        try (var files = Files.list(textfile.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("billing.prom");
        }

        Map<String, Double> samples = samples(text);
        String run = "period=\"" + PERIOD + "\",revision=\"1\"";
        assertThat(samples.get("billing_cost_lines{" + run + "}")).isEqualTo(summaryFigure("cost lines"));
        assertThat(samples.get("billing_run_cost_explorer_requests{" + run + "}"))
                .isEqualTo(summaryFigure("Cost Explorer requests"));
        assertThat(samples.get("billing_payers{" + run + "}")).isEqualTo(3.0);
        assertThat(samples.get("billing_run_success{" + run + "}")).isEqualTo(1.0);
        assertThat(samples.get("billing_run_status{" + run + ",status=\"COMPLETED\"}")).isEqualTo(1.0);
        int month = Integer.parseInt(PERIOD.substring(0, 4)) * 12 + Integer.parseInt(PERIOD.substring(5)) - 1;
        assertThat(samples.get("billing_last_completed_period_month")).isEqualTo((double) month);

        // per payer Cost Explorer requests make the run's total: reconciliation uses the month total costExtraction
        // recorded and asks nothing
        double perPayer = samples.entrySet().stream().filter(e -> e.getKey().startsWith("billing_cost_explorer_requests{"))
                .mapToDouble(Map.Entry::getValue).sum();
        assertThat(perPayer).isEqualTo(summaryFigure("Cost Explorer requests"));
        samples.entrySet().stream().filter(e -> e.getKey().startsWith("billing_reconciliation_difference_usd{"))
                .forEach(e -> assertThat(e.getValue()).as(e.getKey()).isZero());
        for (Map.Entry<String, String> total : invoiceTotalsPerCurrency().entrySet()) {
            assertThat(samples.get("billing_invoiced_amount{currency=\"" + total.getKey() + "\"," + run + "}"))
                    .as(total.getKey() + " in\n" + text).isEqualTo(Double.parseDouble(total.getValue()));
        }
        // Spring Batch's own observations, as timers
        assertThat(samples.get("spring_batch_job_seconds_count{error=\"none\",spring_batch_job_name=\"monthlyBilling\","
                + "spring_batch_job_status=\"COMPLETED\"}")).isEqualTo(1.0);
        assertThat(samples.keySet()).anyMatch(k -> k.startsWith("spring_batch_step_seconds_count{")
                && k.contains("spring_batch_step_name=\"costExtraction\""));
        // a partition is timed as its worker step: one series per step, whatever the number of payers
        assertThat(samples.keySet()).noneMatch(k -> k.matches(".*spring_batch_step_name=\"[^\"]*:.*"));
        assertThat(samples.entrySet().stream().filter(e -> e.getKey().startsWith("spring_batch_step_seconds_count{")
                && e.getKey().contains("spring_batch_step_name=\"costExtractionPayer\""))
                .mapToDouble(Map.Entry::getValue).sum()).as("one per payer").isEqualTo(3.0);
    }

    @Test
    void thePushgatewayGetsTheSameTextGroupedByPeriod() {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<LoggedRequest> pushes = pushgateway.findAll(putRequestedFor(
                urlEqualTo("/metrics/job/" + RunMetrics.PUSH_JOB + "/period/" + PERIOD)));
        assertThat(pushes).hasSize(1);
        assertThat(pushes.get(0).getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
        String body = pushes.get(0).getBodyAsString();
        assertThat(samples(body).get("billing_cost_lines{period=\"" + PERIOD + "\",revision=\"1\"}"))
                .isEqualTo(summaryFigure("cost lines"));
    }

    /** {@code promtool check metrics} reads the text format from stdin; exit 0 means it parsed and passed lint. */
    static void promtoolAccepts(String text) throws Exception {
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as(said).isZero();
    }

    /** Sample lines of the text format: series (name and labels as written) → value. */
    static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        Matcher line = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)$").matcher(text);
        while (line.find()) {
            samples.put(line.group(1), Double.parseDouble(line.group(2)));
        }
        return samples;
    }

    private static double summaryFigure(String label) {
        Matcher figure = Pattern.compile(Pattern.quote(label) + ": (\\d+)").matcher(run.out());
        assertThat(figure.find()).as(run.out()).isTrue();
        return Double.parseDouble(figure.group(1));
    }

    /** The manifest's customer totals, added up per currency. */
    private static Map<String, String> invoiceTotalsPerCurrency() throws Exception {
        var manifest = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(dataDir.resolve("exports").resolve(PERIOD).resolve("rev-1").resolve("manifest.json").toFile());
        Map<String, java.math.BigDecimal> totals = new LinkedHashMap<>();
        manifest.get("customers").forEach(c -> totals.merge(c.get("currency").asText(),
                new java.math.BigDecimal(c.get("total").asText()), java.math.BigDecimal::add));
        Map<String, String> text = new LinkedHashMap<>();
        totals.forEach((k, v) -> text.put(k, v.toPlainString()));
        return text;
    }
}

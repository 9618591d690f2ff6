package com.billingengine.metrics;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.billingengine.BillingProperties;
import com.billingengine.job.BillingStatus;
import com.billingengine.job.RunReport;
import com.billingengine.job.RunStatus;
import com.billingengine.job.RunSummary;
import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * At the end of every run (completed or failed): the engine's figures as gauges beside Spring Batch's timers, the
 * whole registry in Prometheus text format to {@code billing.metrics.textfile} (written aside and moved into place,
 * so node_exporter never reads half a file) and to a Pushgateway when {@code billing.metrics.pushgateway-url} is
 * set. Monitoring never fails a run: a file or push that fails is logged.
 */
@Component
class RunMetrics implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(RunMetrics.class);
    static final String PUSH_JOB = "billing_engine";

    private final PrometheusMeterRegistry registry;
    private final RunReport runReport;
    private final BillingStatus status;
    private final JobRepository jobRepository;
    private final JdbcClient jdbc;
    private final BillingProperties.Metrics settings;

    RunMetrics(PrometheusMeterRegistry registry, RunReport runReport, BillingStatus status,
            JobRepository jobRepository, JdbcClient jdbc, BillingProperties properties) {
        this.registry = registry;
        this.runReport = runReport;
        this.status = status;
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
        this.settings = properties.metrics();
    }

    @Override
    public void afterJob(JobExecution execution) {
        BillingRun run = BillingRun.of(execution.getJobParameters());
        try {
            record(execution, run);
        } catch (RuntimeException e) {
            log.warn("{}: run metrics incomplete: {}", run, e.toString());
        }
        String text = registry.scrape();
        if (settings.textfile() != null) {
            try {
                writeAtomically(settings.textfile(), text);
                log.info("{}: metrics written to {}", run, settings.textfile());
            } catch (IOException | RuntimeException e) {
                log.warn("{}: could not write metrics to {}: {}", run, settings.textfile(), e.toString());
            }
        }
        if (settings.pushgatewayUrl() != null) {
            new Pushgateway(settings.pushgatewayUrl()).push(PUSH_JOB, Map.of("period", run.periodText()), text);
        }
    }

    private void record(JobExecution execution, BillingRun run) {
        Tags tags = Tags.of("period", run.periodText(), "revision", Integer.toString(run.revision()));
        BatchStatus outcome = execution.getStatus();
        gauge("billing.run.success", "1 when the run COMPLETED, 0 when it failed or stopped", tags,
                () -> outcome == BatchStatus.COMPLETED ? 1 : 0);
        gauge("billing.run.status", "the run's Spring Batch status as a label", tags.and("status", outcome.name()),
                () -> 1);
        LocalDateTime start = execution.getStartTime();
        LocalDateTime end = execution.getEndTime() != null ? execution.getEndTime() : LocalDateTime.now();
        if (start != null) {
            double seconds = Duration.between(start, end).toMillis() / 1000.0;
            gauge("billing.run.duration.seconds", "wall time of this job execution", tags, () -> seconds);
        }
        double ended = end.atZone(ZoneId.systemDefault()).toEpochSecond();
        gauge("billing.run.end.timestamp.seconds", "when the run ended, Unix time", tags, () -> ended);

        RunSummary summary = runReport.summarize(execution);
        gauge("billing.payers", "payers billed by the run", tags, summary::payers);
        gauge("billing.accounts", "linked accounts listed by the run", tags, summary::accounts);
        gauge("billing.cost.lines", "cost lines staged from Cost Explorer", tags, summary::costLines);
        gauge("billing.run.cost.explorer.requests", "Cost Explorer requests of the run, USD 0.01 each", tags,
                summary::costExplorerRequests);
        gauge("billing.run.cost.explorer.throttles", "Cost Explorer answers of the run that were throttling (each "
                + "lowered the requests in flight and was sent again)", tags, summary::costExplorerThrottles);
        requestsPerPayer(execution).forEach((payer, requests) -> gauge("billing.cost.explorer.requests",
                "Cost Explorer requests of the cost extraction, per payer", tags.and("payer", payer), () -> requests));
        Map<String, BigDecimal> perCurrency = new TreeMap<>();
        summary.customers().forEach(c -> perCurrency.merge(c.currency(), c.total(), BigDecimal::add));
        // "billing.invoice.total" would lose its _total suffix: Prometheus keeps that for counters
        perCurrency.forEach((currency, total) -> gauge("billing.invoiced.amount", "invoiced total per currency",
                tags.and("currency", currency), total::doubleValue));
        jdbc.sql("SELECT payer_account_id, cost_explorer_total - staged_total AS difference FROM reconciliation"
                + " WHERE billing_period = ? AND revision = ? ORDER BY payer_account_id")
                .params(run.periodText(), run.revision())
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getBigDecimal(2)))
                .list()
                .forEach(d -> gauge("billing.reconciliation.difference.usd",
                        "Cost Explorer month total minus staged cost lines, per payer", tags.and("payer", d.getKey()),
                        d.getValue()::doubleValue));
        lastCompletedMonth().ifPresent(month -> gauge("billing.last.completed.period.month",
                "the latest COMPLETED billing period as year * 12 + month - 1 (alert rules compare it with the clock)",
                Tags.empty(), () -> month));
    }

    /** From the latest execution of each payer's costExtraction partition (a restart carries its count on). */
    private Map<String, Long> requestsPerPayer(JobExecution execution) {
        Map<String, StepExecution> latest = new LinkedHashMap<>();
        jobRepository.getJobExecutions(execution.getJobInstance()).stream()
                .sorted(Comparator.comparingLong(JobExecution::getId))
                .forEach(e -> e.getStepExecutions().stream()
                        .filter(s -> s.getStepName().startsWith("costExtractionPayer:"))
                        .forEach(s -> latest.put(s.getStepName(), s)));
        Map<String, Long> perPayer = new TreeMap<>();
        latest.values().forEach(s -> perPayer.put(s.getExecutionContext().getString("payerAccountId", s.getStepName()),
                s.getExecutionContext().getLong("costExplorerRequests", 0)));
        return perPayer;
    }

    private java.util.Optional<Integer> lastCompletedMonth() {
        return status.runs(null).stream().filter(r -> "COMPLETED".equals(r.status())).map(RunStatus::period)
                .map(BillingPeriod::parse).max(Comparator.naturalOrder())
                .map(p -> p.month().getYear() * 12 + p.month().getMonthValue() - 1);
    }

    private void gauge(String name, String help, Tags tags, Supplier<Number> value) {
        Gauge.builder(name, value).description(help).tags(tags).strongReference(true).register(registry);
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // node_exporter reads *.prom only: the partial file is never picked up
        Path partial = dir.resolve("." + file.getFileName() + ".partial");
        Files.writeString(partial, text, StandardCharsets.UTF_8);
        try {
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

package com.billingengine.job;

import com.billingengine.payers.PayerRegistry;
import com.billingengine.period.BillingRun;
import com.billingengine.pricing.BillingTerms;
import com.billingengine.pricing.PeriodTerms;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Service;

import com.billingengine.period.BillingPeriod;

/** What ops sees with {@code status}: every period's runs, read from the Spring Batch job repository. */
@Service
public class BillingStatus {

    private static final int MAX_MESSAGE = 700;

    private final JobRepository jobRepository;
    private final BillingTerms terms;
    private final PayerRegistry registry;
    private final com.billingengine.export.Release release;

    BillingStatus(JobRepository jobRepository, BillingTerms terms, PayerRegistry registry,
            com.billingengine.export.Release release) {
        this.release = release;
        this.jobRepository = jobRepository;
        this.terms = terms;
        this.registry = registry;
    }

    /** Newest period first, revisions in order; {@code period} null for all. */
    public List<RunStatus> runs(BillingPeriod period) {
        List<RunStatus> runs = new ArrayList<>();
        for (JobInstance instance : jobRepository.getJobInstances(MonthlyBillingJobConfiguration.JOB_NAME, 0, 10_000)) {
            List<JobExecution> executions = new ArrayList<>(jobRepository.getJobExecutions(instance));
            if (executions.isEmpty()) {
                continue;
            }
            executions.sort(Comparator.comparingLong(JobExecution::getId));
            JobExecution last = executions.get(executions.size() - 1);
            String runPeriod = last.getJobParameters().getString("billingPeriod");
            if (period != null && !period.toString().equals(runPeriod)) {
                continue;
            }
            runs.add(status(runPeriod, executions, last));
        }
        runs.sort(Comparator.comparing(RunStatus::period).reversed().thenComparing(RunStatus::revision));
        return runs;
    }

    private RunStatus status(String period, List<JobExecution> executions, JobExecution last) {
        Map<String, StepExecution> latestByName = new LinkedHashMap<>();
        for (JobExecution execution : executions) {
            execution.getStepExecutions().stream().sorted(Comparator.comparingLong(StepExecution::getId))
                    .forEach(step -> latestByName.put(step.getStepName(), step));
        }
        List<RunStatus.StepStatus> steps = new ArrayList<>();
        latestByName.values().stream().filter(s -> !s.getStepName().contains(":"))
                .sorted(Comparator.comparing(StepExecution::getStartTime, Comparator.nullsLast(Comparator.naturalOrder())))
                .forEach(manager -> steps.add(step(manager, latestByName.values().stream()
                        .filter(s -> s.getStepName().startsWith(manager.getStepName() + "Payer:"))
                        .sorted(Comparator.comparing(StepExecution::getStepName))
                        .map(worker -> step(worker, List.of())).toList())));
        LocalDateTime start = executions.get(0).getStartTime();
        int revision = last.getJobParameters().getLong("revision").intValue();
        String pricedWith = terms.recorded(new BillingRun(BillingPeriod.parse(period), revision))
                .filter(PeriodTerms::rulesKnown).map(RunReport::describe).orElse(null);
        return new RunStatus(period, revision, last.getId(),
                executions.size(), last.getStatus().name(), last.getExitStatus().getExitCode(), start,
                last.getEndTime(), duration(start, last.getEndTime()), message(last.getExitStatus().getExitDescription()),
                steps, pricedWith, registry.changesIn(BillingPeriod.parse(period)),
                release.state(new BillingRun(BillingPeriod.parse(period), revision)).orElse(null));
    }

    private static RunStatus.StepStatus step(StepExecution s, List<RunStatus.StepStatus> partitions) {
        return new RunStatus.StepStatus(s.getStepName(), s.getStatus().name(), s.getReadCount(), s.getWriteCount(),
                s.getSkipCount(), duration(s.getStartTime(), s.getEndTime()),
                message(s.getExitStatus().getExitDescription()), partitions);
    }

    private static Duration duration(LocalDateTime start, LocalDateTime end) {
        return start == null || end == null ? null : Duration.between(start, end);
    }

    /** A failure in one line: the exception's message and, when different, its root cause; no stack trace. */
    static String message(String description) {
        if (description == null || description.isBlank()) {
            return "";
        }
        String first = null;
        String root = null;
        boolean ours = false;
        for (String line : description.split("\\R")) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("at ") || text.startsWith("...")) {
                continue;
            }
            if (first == null) {
                first = withoutExceptionClass(text);
            } else if (text.startsWith("Caused by: ")) {
                String cause = text.substring("Caused by: ".length());
                if (!ours) {
                    // our own exceptions say what to do: keep theirs over the SDK's root cause
                    root = withoutExceptionClass(cause);
                    ours = cause.startsWith("com.billingengine.");
                }
            }
        }
        String message = root == null || first.contains(root) ? first : first + " (cause: " + root + ")";
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
    }

    /** "java.lang.IllegalStateException: no payer" → "no payer"; our own messages need no class name. */
    private static String withoutExceptionClass(String line) {
        return line.replaceFirst("^[a-z][\\w.]*\\.[A-Z]\\w*(Exception|Error)(: )?", "");
    }
}

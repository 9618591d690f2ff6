package com.billingengine.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.billingengine.period.BillingRun;
import com.billingengine.pricing.BillingTerms;
import com.billingengine.pricing.PeriodTerms;

/** Builds the end-of-run summary from the billing tables and the job repository. */
@Service
public class RunReport {

    private final JdbcClient jdbc;
    private final JobRepository jobRepository;
    private final BillingTerms terms;

    RunReport(JdbcClient jdbc, JobRepository jobRepository, BillingTerms terms) {
        this.jdbc = jdbc;
        this.jobRepository = jobRepository;
        this.terms = terms;
    }

    public RunSummary summarize(JobExecution execution) {
        BillingRun run = BillingRun.of(execution.getJobParameters());
        Object[] key = {run.periodText(), run.revision()};
        int payers = count("SELECT COUNT(*) FROM run_payer WHERE billing_period = ? AND revision = ?", key);
        int accounts = count("SELECT COUNT(*) FROM linked_account WHERE billing_period = ? AND revision = ?", key);
        long costLines = count("SELECT COUNT(*) FROM cost_line WHERE billing_period = ? AND revision = ?", key);
        List<RunSummary.CustomerTotal> customers = jdbc.sql("""
                SELECT customer_id, MIN(customer_name) AS customer_name, currency, COUNT(*) AS line_count,
                       SUM(amount) AS total
                FROM invoice_line WHERE billing_period = ? AND revision = ?
                GROUP BY customer_id, currency""")
                .params(key)
                .query((rs, i) -> new RunSummary.CustomerTotal(rs.getString("customer_id"),
                        rs.getString("customer_name"), rs.getString("currency"), rs.getInt("line_count"),
                        rs.getBigDecimal("total").stripTrailingZeros()))
                .list().stream()
                // sorted in Java: a database's text collation (en_US, ICU) would order customer ids its own way
                .sorted(Comparator.comparing(RunSummary.CustomerTotal::customerId)
                        .thenComparing(RunSummary.CustomerTotal::currency))
                .toList();

        // the latest execution of each step: a restart skips completed steps and carries request counts on
        Map<String, StepExecution> latest = new LinkedHashMap<>();
        jobRepository.getJobExecutions(execution.getJobInstance()).stream()
                .sorted(Comparator.comparingLong(JobExecution::getId))
                .forEach(e -> e.getStepExecutions().forEach(s -> latest.put(s.getStepName(), s)));
        long requests = latest.values().stream()
                .mapToLong(s -> s.getExecutionContext().getLong("costExplorerRequests", 0)).sum();
        long throttles = latest.values().stream()
                .mapToLong(s -> s.getExecutionContext().getLong("costExplorerThrottles", 0)).sum();
        StepExecution export = latest.get("erpExport");
        String exportFolder = export != null && export.getStatus() == BatchStatus.COMPLETED
                ? export.getExecutionContext().getString("exportFolder", null) : null;
        String correction = exportFolder != null ? export.getExecutionContext().getString("correction", null) : null;
        List<String> failures = new ArrayList<>();
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStatus() == BatchStatus.FAILED) {
                failures.add(step.getStepName() + ": " + BillingStatus.message(step.getExitStatus().getExitDescription()));
            }
        }
        PeriodTerms recorded = terms.recorded(run).filter(PeriodTerms::rulesKnown).orElse(null);
        return new RunSummary(run.periodText(), run.revision(), execution.getId(), execution.getStatus().name(),
                payers, accounts, costLines, requests, throttles, customers, exportFolder, failures, correction,
                recorded == null ? null : describe(recorded), terms.unusedRules(run));
    }

    /** Payers named one by one in the terms line; beyond them it counts versions (the line stays one line). */
    static final int NAMED_PAYERS = 10;

    /** The terms in one line: the rule set's id and each payer's registry version (the first ten, then counted). */
    static String describe(PeriodTerms terms) {
        var payers = terms.payers().values();
        String named = payers.stream().limit(NAMED_PAYERS).map(p -> p.payerAccountId() + " v" + p.registryVersion())
                .collect(java.util.stream.Collectors.joining(", "));
        if (payers.size() > NAMED_PAYERS) {
            var versions = new java.util.TreeMap<Integer, Integer>();
            payers.stream().skip(NAMED_PAYERS).forEach(p -> versions.merge(p.registryVersion(), 1, Integer::sum));
            named += " and " + String.format(java.util.Locale.ROOT, "%,d", payers.size() - NAMED_PAYERS) + " more ("
                    + versions.entrySet().stream().map(e -> String.format(java.util.Locale.ROOT, "%,d at v%d",
                            e.getValue(), e.getKey())).collect(java.util.stream.Collectors.joining(", ")) + ")";
        }
        return "rule set " + terms.rulesId() + " (" + terms.rules().size() + " rule(s) and item(s) in force), registry "
                + "versions " + named;
    }

    private int count(String sql, Object[] params) {
        return jdbc.sql(sql).params(params).query(Integer.class).single();
    }
}

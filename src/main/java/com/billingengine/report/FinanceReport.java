package com.billingengine.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.billingengine.BillingProperties;
import com.billingengine.export.Release;
import com.billingengine.export.RevisionDiff;
import com.billingengine.job.BillingStatus;
import com.billingengine.period.RefusedException;
import com.billingengine.job.RunReport;
import com.billingengine.job.RunStatus;
import com.billingengine.job.RunSummary;
import com.billingengine.payers.PayerRegistry;
import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;
import com.billingengine.period.RunOwnership;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code report.html} into a run's export folder: what finance looks at before releasing the invoices.
 * It reads the billing tables, the job repository and the revision's manifest, never a step's internals.
 */
@Service("financeReportWriter") // the step is the bean named financeReport
public class FinanceReport {

    public static final String FILE = "report.html";
    private static final Logger log = LoggerFactory.getLogger(FinanceReport.class);

    private final ReportQueries queries;
    private final RunReport runReport;
    private final BillingStatus status;
    private final JobRepository jobRepository;
    private final Path exportsRoot;
    private final PayerRegistry registry;
    private final RevisionDiff diffs;
    private final Release release;

    FinanceReport(JdbcClient jdbc, RunReport runReport, BillingStatus status, JobRepository jobRepository,
            BillingProperties properties, PayerRegistry registry, RevisionDiff diffs, Release release) {
        this.diffs = diffs;
        this.release = release;
        this.registry = registry;
        this.queries = new ReportQueries(jdbc);
        this.runReport = runReport;
        this.status = status;
        this.jobRepository = jobRepository;
        this.exportsRoot = properties.dataDir().resolve("exports");
    }

    /** {@code report --period P [--revision N]}: the latest exported revision unless one is named. */
    public Path write(BillingPeriod period, Integer revision) throws IOException {
        int rev = revision != null ? revision : queries.latestExportedRevision(period)
                .orElseThrow(() -> new RefusedException("billing period " + period + " has no exported revision yet:"
                        + " run it with `run --period " + period + "`"));
        BillingRun run = new BillingRun(period, rev);
        if (!queries.exported(run) && !Files.isDirectory(pending(run))) {
            throw new RefusedException(run + " has not been exported: a report describes an exported revision");
        }
        RunStatus runStatus = status.runs(period).stream().filter(r -> r.revision() == rev).findFirst()
                .orElseThrow(() -> new RefusedException(run + " is not in the job repository"));
        return write(jobRepository.getJobExecution(runStatus.jobExecutionId()), r -> {
        });
    }

    private Path pending(BillingRun run) {
        return exportsRoot.resolve(run.periodText()).resolve("rev-" + run.revision() + ".pending");
    }

    /**
     * The job's financeReport step, and the command once it found the run's execution; {@code fence} is asked right
     * before the page is moved into the published folder (the step's lease; nothing for the command).
     */
    public Path write(JobExecution execution, RunOwnership fence) throws IOException {
        RunSummary summary = runReport.summarize(execution);
        BillingRun run = BillingRun.of(execution.getJobParameters());
        Path folder = exportsRoot.resolve(run.periodText()).resolve("rev-" + run.revision());
        if (!Files.isDirectory(folder) && Files.isDirectory(pending(run))) {
            folder = pending(run); // awaiting approval: finance reviews the report before anything is published
        }
        Path manifestFile = folder.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            throw new RefusedException(run + ": no " + manifestFile + "; a report describes an exported revision");
        }
        JsonNode manifest = JsonMapper.builder().build().readTree(manifestFile.toFile());
        ReportPage.Headline headline = new ReportPage.Headline(run, summary.jobExecutionId(), summary.payers(),
                summary.accounts(), summary.costLines(), summary.costExplorerRequests(),
                manifest.path("estimated").asBoolean(false), manifest.path("kind").asText("invoice"),
                manifest.hasNonNull("corrects") ? manifest.get("corrects").asInt() : null,
                queries.reconciliation(run), summary.terms(), registry.changesIn(run.period()),
                manifest.hasNonNull("corrects") ? diffs.diff(run.period(), manifest.get("corrects").asInt(),
                        run.revision()) : null,
                release.state(run).map(Release.Approval::describe).orElse(null));

        ReportFigures now = new ReportFigures(queries.lines(run));
        List<ReportFigures.Month> history = new ArrayList<>();
        for (BillingRun earlier : queries.earlierRuns(run.period())) {
            history.add(new ReportFigures.Month(earlier, new ReportFigures(queries.lines(earlier))));
        }
        history.add(new ReportFigures.Month(run, now));

        String html = ReportPage.render(headline, now, history);
        // written beside the folder and moved in: a reader never sees half a page, and the ERP folder holds
        // nothing stray if the process dies while writing
        Path partial = folder.resolveSibling("." + folder.getFileName() + "." + FILE + ".partial");
        Files.writeString(partial, html, StandardCharsets.UTF_8);
        Path target = folder.resolve(FILE);
        fence.confirm(run);
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
        log.info("{}: finance report {} ({} customers, {} earlier months)", run, target, now.customers().size(),
                history.size() - 1);
        return target;
    }
}

package com.billingengine.job;

import com.billingengine.period.RefusedException;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Service;

import com.billingengine.BillingProperties;
import com.billingengine.export.Release;
import com.billingengine.export.RevisionDiff;
import com.billingengine.pricing.BillingTerms;
import com.billingengine.pricing.PeriodTerms;
import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;
import com.billingengine.period.RunOwnership;

/**
 * The launch rules of the contract: {@code run} bills a period once, {@code --rerun} makes the next revision,
 * {@code restart} continues a failed or interrupted run (recovering one whose process died), and nothing starts
 * while a run of the period is in progress.
 *
 * <p>Whether a run is in progress is its lease in billing_run (see {@link BillingRuns}): every command first takes
 * the lease of the revision it looks at, atomically, and decides only while holding it, so two commands on any two
 * hosts never both proceed. A lease that is fresh is never taken over, not even with {@code --force}.
 */
@Service
public class BillingJobLauncher implements org.springframework.beans.factory.DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BillingJobLauncher.class);

    private final Job monthlyBilling;
    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final BillingRuns runs;
    private final BillingRuns.Owner owner;
    private final int leaseSeconds;
    private final BillingTerms terms;
    private final RevisionDiff revisions;
    private final java.nio.file.Path exportsRoot;
    private final Release release;
    /** Leases this process took; the engine closing (SIGTERM, Ctrl-C) leaves the open ones to expire. */
    private final java.util.Set<RunLease> taken = java.util.concurrent.ConcurrentHashMap.newKeySet();

    BillingJobLauncher(Job monthlyBilling, JobOperator jobOperator, JobRepository jobRepository, BillingRuns runs,
            BillingProperties properties, BillingTerms terms, RevisionDiff revisions, Release release, LeaseFence fence) {
        this.release = release;
        this.owner = fence.owner();
        this.monthlyBilling = monthlyBilling;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.runs = runs;
        this.terms = terms;
        this.revisions = revisions;
        // checked at start-up with every other setting (ConfigurationCheck)
        this.leaseSeconds = properties.job().leaseSeconds();
        this.exportsRoot = properties.dataDir().resolve("exports");
    }

    /**
     * A new revision never overwrites a folder it did not write: an export folder of that number that the database
     * does not know (a database lost or replaced, a folder copied in) holds invoices someone may have imported.
     * Refused before anything is written, naming the folder, which is left as it is.
     */
    private BillingRun newRevision(BillingPeriod period, int revision) {
        BillingRun run = new BillingRun(period, revision);
        java.nio.file.Path folder = exportsRoot.resolve(run.periodText()).resolve("rev-" + revision);
        if (java.nio.file.Files.exists(folder)) {
            throw new RefusedException("the export folder " + folder.toAbsolutePath().normalize() + " exists, but this"
                    + " database has no record of " + run + " (was the database replaced or lost?): it is left as it"
                    + " is; move it away if it is not needed, or point --db-url/--data-dir at the database that wrote"
                    + " it");
        }
        return run;
    }

    /** {@code run} without {@code --reprice}. */
    public JobExecution run(BillingPeriod period, boolean rerun, boolean allowEstimated) {
        return run(period, rerun, allowEstimated, false);
    }

    /**
     * {@code run}: the first revision, the next one with {@code rerun}, or the continuation of a failed run. A rerun
     * corrects what changed in AWS: when the terms in force for the period now differ from those that priced the
     * revision it corrects, it is refused unless {@code reprice} (a re-price is always a deliberate act).
     */
    public JobExecution run(BillingPeriod period, boolean rerun, boolean allowEstimated, boolean reprice) {
        Optional<Integer> latest = runs.latestRevision(period);
        if (latest.isEmpty()) {
            return launch(take(newRevision(period, 1)), allowEstimated);
        }
        BillingRun last = new BillingRun(period, latest.get());
        refuseIfMarkedInProgress(last, false, false);
        RunLease lease = take(last);
        try {
            JobExecution execution = lastExecution(last).orElse(null);
            if (execution != null && execution.isRunning()) {
                throw markedInProgress(last, lease.before());
            }
            if (execution != null && execution.getStatus() == BatchStatus.COMPLETED) {
                refuseAwaitingApproval(last);
                if (!rerun) {
                    throw new RefusedException("billing period " + period + " is already completed (revision "
                            + last.revision() + "); use `run --period " + period + " --rerun` to bill it again as"
                            + " revision " + (last.revision() + 1));
                }
                refuseChangedTerms(period, last, reprice);
                lease.close();
                return launch(take(newRevision(period, last.revision() + 1)), allowEstimated);
            }
            if (rerun) {
                throw new RefusedException("revision " + last.revision() + " of " + period + " did not complete ("
                        + (execution == null ? "never started" : execution.getStatus()) + "); finish it with `restart --period "
                        + period + "` before a rerun");
            }
            log.info("revision {} of {} did not complete: continuing it", last.revision(), period);
            return launch(lease, allowEstimated);
        } finally {
            lease.close();
        }
    }

    /**
     * {@code restart}: continues the last failed or interrupted run of the period from where it stopped. A run
     * whose lease expired (its process died, on any host) is recovered first. {@code reextract}: accounts and costs
     * are read from AWS again and everything staged after payerDiscovery is replaced. {@code force}: also take over a
     * run marked in progress that holds no lease at all (started by an engine without leases), whose process
     * nothing can prove dead. A fresh lease is refused in every case.
     */
    public JobExecution restart(BillingPeriod period, boolean allowEstimated, boolean reextract, boolean force) {
        BillingRun last = runs.latestRevision(period).map(r -> new BillingRun(period, r))
                .orElseThrow(() -> new RefusedException("billing period " + period + " has never run: start it with"
                        + " `run --period " + period + "`"));
        refuseIfMarkedInProgress(last, true, force);
        RunLease lease = take(last);
        try {
            JobExecution execution = lastExecution(last).orElse(null);
            if (execution != null && execution.getStatus() == BatchStatus.COMPLETED) {
                refuseAwaitingApproval(last);
                throw new RefusedException("billing period " + period + " revision " + last.revision()
                        + " is completed: nothing to restart; use `run --period " + period
                        + " --rerun` for a new revision");
            }
            return continueRun(last, lease, execution, allowEstimated, reextract);
        } finally {
            lease.close();
        }
    }

    /**
     * A completed revision that waits for approve or reject: no run of the period may start (a rerun beside it would
     * correct an older revision, and approving it afterwards would publish a stale one).
     */
    private void refuseAwaitingApproval(BillingRun last) {
        release.state(last).filter(Release.Approval::awaiting).ifPresent(a -> {
            throw new RefusedException(last + " is awaiting approval (files in " + release.pendingFolder(last)
                    + "): approve it with `approve --period " + last.period() + " --revision " + last.revision()
                    + " --by NAME` or reject it with `reject --period " + last.period() + " --revision "
                    + last.revision() + " --by NAME --reason TEXT` before another run of " + last.period());
        });
    }

    /**
     * What {@code run --if-needed} did: launched or continued a run, or nothing (the period had completed;
     * {@code approval} then says whether it awaits approval or was voided, null when it was published).
     */
    public record Scheduled(JobExecution execution, boolean alreadyCompleted, Release.Approval approval) {

        public Scheduled(JobExecution execution, boolean alreadyCompleted) {
            this(execution, alreadyCompleted, null);
        }
    }

    /**
     * {@code run --if-needed}, the scheduler's command, right on every retry day: a period that never ran is
     * started; a completed one is left alone; a failed or interrupted revision is continued (a dead process's run
     * recovered first), from fresh AWS data when what it staged is still estimated, since a plain restart would
     * only meet the same refusal. A live run is refused (exit 3) as for {@code run}.
     */
    public Scheduled runIfNeeded(BillingPeriod period, boolean allowEstimated) {
        Optional<Integer> latest = runs.latestRevision(period);
        if (latest.isEmpty()) {
            return new Scheduled(launch(take(newRevision(period, 1)), allowEstimated), false);
        }
        BillingRun last = new BillingRun(period, latest.get());
        refuseIfMarkedInProgress(last, true, false);
        RunLease lease = take(last);
        try {
            JobExecution execution = lastExecution(last).orElse(null);
            if (execution != null && execution.getStatus() == BatchStatus.COMPLETED) {
                return new Scheduled(execution, true, release.state(last).orElse(null));
            }
            boolean reextract = !allowEstimated && runs.stagedEstimated(last);
            if (reextract) {
                log.info("{}: its staged Cost Explorer data is estimated: re-extracting", last);
            }
            return new Scheduled(continueRun(last, lease, execution, allowEstimated, reextract), false);
        } finally {
            lease.close();
        }
    }

    /** Continues a revision that did not complete, holding its lease. */
    private JobExecution continueRun(BillingRun last, RunLease lease, JobExecution execution, boolean allowEstimated,
            boolean reextract) {
        if (execution != null && execution.isRunning()) {
            log.warn("{}: the process that ran it is gone ({}): recovering job execution {}", last,
                    deadOwner(lease.before()), execution.getId());
            jobOperator.recover(execution);
        }
        if (reextract && execution != null) {
            log.info("{}: re-extracting: accounts and costs are read from AWS again, replacing what job"
                    + " execution {} and earlier staged", last, execution.getId());
            runs.supersedeStaged(last, execution.getId());
        }
        return launch(lease, allowEstimated);
    }

    /**
     * The terms in force for the period now against those that priced the revision a rerun corrects (the last
     * exported one): any difference is refused without {@code reprice}, named one per line.
     */
    private void refuseChangedTerms(BillingPeriod period, BillingRun last, boolean reprice) {
        // what the rerun corrects: the last exported (approved) revision; none (every one voided): nothing to compare
        Integer exported = revisions.lastExported(period).orElse(null);
        if (exported == null) {
            return;
        }
        BillingRun base = new BillingRun(period, exported);
        PeriodTerms recorded = terms.recorded(base).orElse(null);
        if (recorded == null) {
            return;
        }
        if (!recorded.rulesKnown()) {
            log.warn("{} was priced before revisions recorded their pricing rules: the rerun prices with the rules in"
                    + " force for {} now; only payers and exchange rates are compared", base, period);
        }
        List<String> differences = terms.now(period).differencesFrom(recorded, "rev-" + base.revision());
        if (differences.isEmpty()) {
            return;
        }
        String listed = "\n  - " + String.join("\n  - ", differences);
        if (!reprice) {
            throw new RefusedException("the terms in force for " + period + " now differ from those that priced rev-"
                    + base.revision() + ":" + listed + "\n  a rerun corrects only what changed in AWS; to re-price "
                    + period + " with these terms, add --reprice (`run --period " + period + " --rerun --reprice`),"
                    + " or date the change from a later period (`from:` in the rules, `payers set --from`)");
        }
        log.info("{}: re-pricing rev-{} with the terms in force now (--reprice):{}", period, base.revision(), listed);
    }

    /**
     * Read-only, before taking the lease, so a refusal leaves the row as the other process wrote it: a run the job
     * repository marks in progress is refused while its lease is fresh; {@code run} then names restart, and
     * {@code restart} without {@code force} refuses a run that never held a lease.
     */
    private void refuseIfMarkedInProgress(BillingRun run, boolean restart, boolean force) {
        JobExecution execution = lastExecution(run).orElse(null);
        if (execution == null || !execution.isRunning()) {
            return;
        }
        BillingRuns.Lease held = runs.lease(run).orElse(null);
        if (held != null && held.fresh()) {
            throw inProgress(run, held);
        }
        if (!restart) {
            throw markedInProgress(run, held);
        }
        if ((held == null || held.neverLeased()) && !force) {
            throw new RefusedException("a run of " + run + " is marked in progress but " + deadOwner(held)
                    + ", so nothing shows whether its process still runs" + forceHint(held, run));
        }
    }

    /**
     * {@code approve} and {@code reject} decide holding the revision's lease, like a run: never while its job (still
     * in financeReport or erpDelivery) or another decision runs on any host, so a revision is published and delivered
     * by one process. A revision that does not exist gets no lease (and no row): the decision refuses it.
     *
     * @throws RefusedException (exit 3) while another process holds the lease
     */
    public <T> T decide(BillingPeriod period, int revision, java.util.function.Supplier<T> decision) {
        if (runs.latestRevision(period).orElse(0) < revision) {
            return decision.get();
        }
        try (RunLease lease = take(new BillingRun(period, revision))) {
            return decision.get();
        }
    }

    /** Takes the revision's lease or refuses (exit 3) because a live process holds it. */
    private RunLease take(BillingRun run) {
        BillingRuns.Grant grant = runs.acquire(run, owner, leaseSeconds);
        if (!grant.granted()) {
            throw inProgress(run, runs.lease(run).orElse(null));
        }
        RunLease lease = new RunLease(runs, run, owner, leaseSeconds, grant.before().orElse(null), taken::remove);
        taken.add(lease);
        return lease;
    }

    /**
     * Runs before the connection pool closes: a run still holding its lease was stopped by a signal, and its lease is
     * left to expire (the documented way `restart` recovers it) instead of meeting the closed pool on release.
     */
    @Override
    public void destroy() {
        taken.forEach(RunLease::abandon);
    }

    private static RefusedException inProgress(BillingRun run, BillingRuns.Lease held) {
        return new RefusedException("a run of " + run + " is in progress (" + (held == null ? "lease held"
                : held.describe()) + "): wait for it to finish, or check it with `status --period " + run.period()
                + "`; a run whose process died can be restarted once its lease has expired");
    }

    private static RefusedException markedInProgress(BillingRun run, BillingRuns.Lease before) {
        return new RefusedException("a run of " + run + " is marked in progress but " + deadOwner(before)
                + ": continue it with `restart --period " + run.period() + "`" + forceHint(before, run));
    }

    private static String deadOwner(BillingRuns.Lease before) {
        if (before == null || before.neverLeased()) {
            return "it holds no lease" + (before != null && before.host() != null
                    ? " (last run by " + before.host() + " pid " + before.pid() + ")" : "");
        }
        return "its process stopped renewing its lease (" + before.describe() + ")";
    }

    private static String forceHint(BillingRuns.Lease before, BillingRun run) {
        return before == null || before.neverLeased() ? "; a run recorded without a lease is taken over only with"
                + " `restart --period " + run.period() + " --force`, once you are sure its process is gone" : "";
    }

    private JobExecution launch(RunLease lease, boolean allowEstimated) {
        try (lease) {
            BillingRun run = lease.run();
            JobParametersBuilder parameters = new JobParametersBuilder()
                    .addString(BillingRun.PERIOD_PARAMETER, run.periodText())
                    .addLong(BillingRun.REVISION_PARAMETER, (long) run.revision())
                    .addString("allowEstimated", Boolean.toString(allowEstimated), false);
            runs.reextractAfter(run).ifPresent(after -> parameters.addLong(Reextraction.PARAMETER, after, false));
            terms.fix(run);
            log.info("{}: starting job {}", run, monthlyBilling.getName());
            return refuseIfFenced(jobOperator.start(monthlyBilling, parameters.toJobParameters()));
        } catch (org.springframework.batch.core.launch.JobExecutionAlreadyRunningException e) {
            throw new RefusedException("a run of " + lease.run() + " is in progress: " + e.getMessage());
        } catch (org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException e) {
            throw new RefusedException(lease.run() + " is already completed");
        } catch (org.springframework.batch.core.launch.JobRestartException
                | org.springframework.batch.core.job.parameters.InvalidJobParametersException e) {
            throw new IllegalStateException("cannot start " + lease.run() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A run stopped by the fence belongs to another process now: exit 3 with the fence's line, not a failure to
     * restart (its job execution was recovered by that process, which continued the run).
     */
    private static JobExecution refuseIfFenced(JobExecution execution) {
        java.util.stream.Stream.concat(execution.getAllFailureExceptions().stream(),
                        execution.getStepExecutions().stream().flatMap(s -> s.getFailureExceptions().stream()))
                .flatMap(BillingJobLauncher::causes)
                .filter(t -> t instanceof RunOwnership.LeaseLostException).findFirst()
                .ifPresent(t -> {
                    throw new RefusedException(t.getMessage());
                });
        return execution;
    }

    private static java.util.stream.Stream<Throwable> causes(Throwable t) {
        return java.util.stream.Stream.iterate(t, java.util.Objects::nonNull, Throwable::getCause).limit(20);
    }

    private Optional<JobExecution> lastExecution(BillingRun run) {
        JobParameters identifying = new JobParametersBuilder()
                .addString(BillingRun.PERIOD_PARAMETER, run.periodText())
                .addLong(BillingRun.REVISION_PARAMETER, (long) run.revision())
                .toJobParameters();
        return Optional.ofNullable(jobRepository.getLastJobExecution(monthlyBilling.getName(), identifying));
    }
}

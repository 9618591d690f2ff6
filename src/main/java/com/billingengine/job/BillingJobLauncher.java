package com.billingengine.job;

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

import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;

/**
 * The launch rules of the contract: {@code run} bills a period once, {@code --rerun} makes the next revision,
 * {@code restart} continues a failed or interrupted run (recovering one whose process died), and nothing starts
 * while a run of the period is in progress.
 */
@Service
public class BillingJobLauncher {

    private static final Logger log = LoggerFactory.getLogger(BillingJobLauncher.class);

    private final Job monthlyBilling;
    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final BillingRuns runs;

    BillingJobLauncher(Job monthlyBilling, JobOperator jobOperator, JobRepository jobRepository, BillingRuns runs) {
        this.monthlyBilling = monthlyBilling;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.runs = runs;
    }

    /** {@code run}: the first revision, the next one with {@code rerun}, or the continuation of a failed run. */
    public JobExecution run(BillingPeriod period, boolean rerun, boolean allowEstimated) {
        Optional<Integer> latest = runs.latestRevision(period);
        int revision = 1;
        if (latest.isPresent()) {
            BillingRun last = new BillingRun(period, latest.get());
            JobExecution execution = lastExecution(last).orElse(null);
            refuseIfInProgress(last, execution);
            if (execution != null && execution.getStatus() == BatchStatus.COMPLETED) {
                if (!rerun) {
                    throw new RefusedException("billing period " + period + " is already completed (revision "
                            + last.revision() + "); use `run --period " + period + " --rerun` to bill it again as"
                            + " revision " + (last.revision() + 1));
                }
                revision = last.revision() + 1;
            } else if (rerun) {
                throw new RefusedException("revision " + last.revision() + " of " + period + " did not complete ("
                        + (execution == null ? "never started" : execution.getStatus()) + "); finish it with `restart --period "
                        + period + "` before a rerun");
            } else {
                log.info("revision {} of {} did not complete: continuing it", last.revision(), period);
                revision = last.revision();
            }
        }
        return launch(new BillingRun(period, revision), allowEstimated);
    }

    /** {@code restart}: continues the last failed or interrupted run of the period from where it stopped. */
    public JobExecution restart(BillingPeriod period, boolean allowEstimated) {
        BillingRun last = runs.latestRevision(period).map(r -> new BillingRun(period, r))
                .orElseThrow(() -> new RefusedException("billing period " + period + " has never run: start it with"
                        + " `run --period " + period + "`"));
        JobExecution execution = lastExecution(last).orElse(null);
        if (execution != null && execution.getStatus() == BatchStatus.COMPLETED) {
            throw new RefusedException("billing period " + period + " revision " + last.revision() + " is completed:"
                    + " nothing to restart; use `run --period " + period + " --rerun` for a new revision");
        }
        if (execution != null && execution.isRunning()) {
            BillingRuns.Owner owner = runs.owner(last).orElse(null);
            if (owner != null && owner.isAlive()) {
                throw inProgress(last, owner);
            }
            log.warn("{}: the process that ran it ({}) is gone: recovering job execution {}", last,
                    owner == null ? "unknown" : owner, execution.getId());
            jobOperator.recover(execution);
        }
        return launch(last, allowEstimated);
    }

    private JobExecution launch(BillingRun run, boolean allowEstimated) {
        runs.claim(run, BillingRuns.Owner.current());
        JobParameters parameters = new JobParametersBuilder()
                .addString(BillingRun.PERIOD_PARAMETER, run.periodText())
                .addLong(BillingRun.REVISION_PARAMETER, (long) run.revision())
                .addString("allowEstimated", Boolean.toString(allowEstimated), false)
                .toJobParameters();
        log.info("{}: starting job {}", run, monthlyBilling.getName());
        try {
            return jobOperator.start(monthlyBilling, parameters);
        } catch (org.springframework.batch.core.launch.JobExecutionAlreadyRunningException e) {
            throw new RefusedException("a run of " + run + " is in progress: " + e.getMessage());
        } catch (org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException e) {
            throw new RefusedException(run + " is already completed");
        } catch (org.springframework.batch.core.launch.JobRestartException
                | org.springframework.batch.core.job.parameters.InvalidJobParametersException e) {
            throw new IllegalStateException("cannot start " + run + ": " + e.getMessage(), e);
        }
    }

    private void refuseIfInProgress(BillingRun run, JobExecution execution) {
        if (execution != null && execution.isRunning()) {
            BillingRuns.Owner owner = runs.owner(run).orElse(null);
            if (owner != null && !owner.isAlive()) {
                throw new RefusedException("a run of " + run + " is marked in progress but its process (" + owner
                        + ") is gone: continue it with `restart --period " + run.period() + "`");
            }
            throw inProgress(run, owner);
        }
    }

    private static RefusedException inProgress(BillingRun run, BillingRuns.Owner owner) {
        return new RefusedException("a run of " + run + " is in progress" + (owner == null ? "" : " (" + owner + ")")
                + ": wait for it to finish, or check it with `status --period " + run.period() + "`");
    }

    private Optional<JobExecution> lastExecution(BillingRun run) {
        JobParameters identifying = new JobParametersBuilder()
                .addString(BillingRun.PERIOD_PARAMETER, run.periodText())
                .addLong(BillingRun.REVISION_PARAMETER, (long) run.revision())
                .toJobParameters();
        return Optional.ofNullable(jobRepository.getLastJobExecution(monthlyBilling.getName(), identifying));
    }
}

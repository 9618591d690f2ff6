package com.billingengine.batch;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * The manager's side of remote partitioning, polling the job repository, with a limit: when every worker has gone,
 * Spring Batch's handler would wait forever; this one fails the manager step after {@code timeout}, naming the
 * partitions (payers, invoices) that had not finished, so the run ends (exit 1) and can be restarted.
 */
class TimedPartitionHandler extends MessageChannelPartitionHandler {

    private final JobRepository jobRepository;
    private final Duration timeout;
    private final String queue;

    TimedPartitionHandler(JobRepository jobRepository, Duration timeout, String queue) {
        this.jobRepository = jobRepository;
        this.timeout = timeout;
        this.queue = queue;
        setJobRepository(jobRepository);
        setTimeout(timeout.toMillis());
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
        try {
            return super.doHandle(manager, partitions);
        } catch (TimeoutException e) {
            Set<Long> ids = partitions.stream().map(StepExecution::getId).collect(Collectors.toSet());
            JobExecution job = jobRepository.getJobExecution(manager.getJobExecutionId());
            Set<String> unfinished = new TreeSet<>();
            for (StepExecution partition : job.getStepExecutions()) {
                if (ids.contains(partition.getId()) && partition.getStatus().isRunning()) {
                    unfinished.add(partition.getStepName());
                    abandon(partition);
                }
            }
            throw new RemotePartitionsTimeoutException(manager.getStepName() + ": " + unfinished.size() + " of "
                    + partitions.size() + " partitions not finished by a worker within billing.job.remote-timeout ("
                    + timeout + "): " + String.join(", ", unfinished) + "; start workers on queue " + queue
                    + " (reaching the broker, the database and AWS), then restart the run", e);
        }
    }

    /**
     * A partition left STARTING or STARTED would count as running for ever: Spring Batch would refuse to restart the
     * job, and a request for it still in the queue would be run beside the restart. Marked FAILED, it is run again
     * by the restart, and a worker drops its old request.
     */
    private void abandon(StepExecution partition) {
        partition.setStatus(BatchStatus.FAILED);
        partition.setExitStatus(ExitStatus.FAILED.addExitDescription("no worker finished this partition within "
                + "billing.job.remote-timeout (" + timeout + ")"));
        partition.setEndTime(LocalDateTime.now());
        try {
            jobRepository.update(partition);
        } catch (OptimisticLockingFailureException e) {
            // a worker has just updated it: it lives, and its own outcome stands
        }
    }

    static final class RemotePartitionsTimeoutException extends RuntimeException {
        RemotePartitionsTimeoutException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

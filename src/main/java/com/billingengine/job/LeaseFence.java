package com.billingengine.job;

import org.springframework.stereotype.Component;

import com.billingengine.BillingProperties;
import com.billingengine.period.BillingRun;
import com.billingengine.period.RunOwnership;

/**
 * This process's identity as a lease holder (one random owner id per engine start) and the fence the publishing
 * steps ask: the lease is renewed by a conditional update on the owner id, so it succeeds only while no other
 * process has taken the run over; inside the step's transaction that row stays locked until the step commits.
 */
@Component
class LeaseFence implements RunOwnership {

    private final BillingRuns runs;
    private final BillingRuns.Owner owner = BillingRuns.Owner.random();
    private final int leaseSeconds;

    LeaseFence(BillingRuns runs, BillingProperties properties) {
        this.runs = runs;
        this.leaseSeconds = properties.job().leaseSeconds();
    }

    BillingRuns.Owner owner() {
        return owner;
    }

    @Override
    public void confirm(BillingRun run) {
        if (runs.renew(run, owner, leaseSeconds)) {
            return;
        }
        String holder = runs.lease(run).map(BillingRuns.Lease::describe).orElse("no lease");
        throw new LeaseLostException(run + ": this process lost its lease to another process (" + holder + ") while"
                + " it was stopped or slowed past billing.job.lease-seconds; it stopped before publishing anything:"
                + " the run is the other process's now, see `status --period " + run.period() + "`");
    }
}

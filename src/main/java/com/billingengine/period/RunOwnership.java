package com.billingengine.period;

/**
 * The fence in front of everything that leaves the engine (the export moved into place, the finance report, a
 * delivery): a process frozen past its lease, whose run another process took over and maybe finished, must not
 * publish when it wakes. Implemented by the job's lease (table billing_run).
 */
public interface RunOwnership {

    /**
     * Renews this process's lease of {@code run} in the caller's transaction (so nobody can take it over until that
     * transaction ends), or throws {@link LeaseLostException} when another process holds it now.
     */
    void confirm(BillingRun run);

    /** Another process took over the run after this one's lease expired: this one stops, publishing nothing. */
    final class LeaseLostException extends RuntimeException {

        public LeaseLostException(String message) {
            super(message);
        }
    }
}

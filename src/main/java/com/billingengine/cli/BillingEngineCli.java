package com.billingengine.cli;

/** Entry point of the command-line contract (shared/docs/cli-contract.md). */
public final class BillingEngineCli {

    private BillingEngineCli() {
    }

    public static int run(String[] args) {
        return 0;
    }
}

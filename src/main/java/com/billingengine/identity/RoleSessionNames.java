package com.billingengine.identity;

import com.billingengine.period.BillingPeriod;

/** STS RoleSessionName: 2–64 characters of [\w+=,.@-]; it shows in the customer's CloudTrail, so it names us. */
final class RoleSessionNames {

    private RoleSessionNames() {
    }

    static String of(BillingPeriod period, String payerAccountId) {
        String name = "billing-engine-" + period + "-" + payerAccountId;
        return name.length() > 64 ? name.substring(0, 64) : name;
    }
}

package com.billingengine.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.billingengine.BillingProperties;
import com.billingengine.period.BillingPeriod;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;
import com.billingengine.sandbox.SandboxPayer;

/**
 * A worker process bills month after month with one PayerClients: each period gets a role session of its own, named
 * for that period (what CloudTrail shows), never the session a previous month opened.
 */
class PayerClientsPerPeriodTest {

    private static final BillingPeriod OCTOBER = BillingPeriod.parse("2026-10");
    private static final BillingPeriod NOVEMBER = BillingPeriod.parse("2026-11");

    @Test
    void everyPayerSharesOneClientPerServiceAndEachCallCarriesItsOwnPayer() {
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults())) {
            PayerClients clients = clients(sandbox);
            try {
                SandboxPayer first = sandbox.payers().get(0);
                SandboxPayer second = sandbox.payers().get(1);
                PayerSession a = clients.session(first.accountId(), first.roleArn(), OCTOBER);
                PayerSession b = clients.session(second.accountId(), second.roleArn(), OCTOBER);
                PayerSession c = clients.session(first.accountId(), first.roleArn(), NOVEMBER);
                // thousands of payers, still one client (configuration, connection pool, timer thread) per service
                for (PayerSession other : new PayerSession[] {b, c}) {
                    assertThat(other.costExplorer().client()).isSameAs(a.costExplorer().client());
                    assertThat(other.organizations().client()).isSameAs(a.organizations().client());
                    assertThat(other.sts().client()).isSameAs(a.sts().client());
                }

                assertThat(b.sts().getCallerIdentity().arn()).contains(second.accountId())
                        .endsWith("/" + RoleSessionNames.of(OCTOBER, second.accountId()));
                assertThat(a.sts().getCallerIdentity().arn()).contains(first.accountId())
                        .endsWith("/" + RoleSessionNames.of(OCTOBER, first.accountId()));
                b.costExplorer().getCostAndUsage(r -> r.timePeriod(t -> t.start("2026-10-01").end("2026-11-01"))
                        .granularity("MONTHLY").metrics("UnblendedCost"));
                assertThat(b.costExplorerRequests()).as("counted for the payer whose call it was").hasValue(1);
                assertThat(a.costExplorerRequests()).hasValue(0);
                assertThat(sandbox.requestCount("GetCostAndUsage", second.accountId())).isEqualTo(1);
                assertThat(sandbox.requestCount("GetCostAndUsage", first.accountId())).isZero();
                // a finished call's time-out is not kept queued for the minutes it would have waited
                assertThat(clients.pendingTimeouts()).isZero();
            } finally {
                clients.destroy();
            }
        }
    }

    private static PayerClients clients(AwsSandbox sandbox) {
        BillingProperties properties = new BillingProperties(null, null, null, null, null, sandbox.endpoint().toString(),
                AuthMode.TOKEN_FILE, null, null, null, null, null, new BillingProperties.Aws("us-east-1", 1, 3600, 60),
                null, null, null, null, null, null);
        return new PayerClients(properties, () -> new WebIdentityTokenSource() {
            @Override
            public String token() {
                return sandbox.webIdentityToken();
            }

            @Override
            public String describe() {
                return "the sandbox's token";
            }
        });
    }

    @Test
    void eachPeriodHasItsOwnRoleSessionNamedForIt() {
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults())) {
            PayerClients clients = clients(sandbox);
            try {
                SandboxPayer payer = sandbox.payers().get(0);
                PayerSession october = clients.session(payer.accountId(), payer.roleArn(), OCTOBER);
                assertThat(clients.session(payer.accountId(), payer.roleArn(), OCTOBER)).isSameAs(october);
                PayerSession november = clients.session(payer.accountId(), payer.roleArn(), NOVEMBER);
                assertThat(november).isNotSameAs(october);

                assertThat(october.sts().getCallerIdentity().arn())
                        .endsWith("/" + RoleSessionNames.of(OCTOBER, payer.accountId()));
                assertThat(november.sts().getCallerIdentity().arn())
                        .endsWith("/" + RoleSessionNames.of(NOVEMBER, payer.accountId()));
                assertThat(sandbox.requestCount("AssumeRoleWithWebIdentity", payer.accountId())).isEqualTo(2);
            } finally {
                clients.destroy();
            }
        }
    }
}

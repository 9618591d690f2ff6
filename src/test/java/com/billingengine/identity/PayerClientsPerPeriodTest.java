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
    void eachPeriodHasItsOwnRoleSessionNamedForIt() {
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults())) {
            BillingProperties properties = new BillingProperties(null, null, null, null, null, sandbox.endpoint().toString(),
                    AuthMode.TOKEN_FILE, null, null, null, null, null, new BillingProperties.Aws("us-east-1", 1, 3600, 60),
                    null, null, null, null, null, null);
            PayerClients clients = new PayerClients(properties, () -> new WebIdentityTokenSource() {
                @Override
                public String token() {
                    return sandbox.webIdentityToken();
                }

                @Override
                public String describe() {
                    return "the sandbox's token";
                }
            });
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

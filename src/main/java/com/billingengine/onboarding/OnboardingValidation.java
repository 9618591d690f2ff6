package com.billingengine.onboarding;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.springframework.stereotype.Service;

import com.billingengine.BillingProperties;
import com.billingengine.identity.AuthMode;
import com.billingengine.identity.IdentityException;
import com.billingengine.identity.PayerClients;
import com.billingengine.identity.PayerSession;
import com.billingengine.onboarding.ValidationReport.Check;
import com.billingengine.onboarding.ValidationReport.Result;
import com.billingengine.payers.PayerAccount;
import com.billingengine.payers.PayerImportException;
import com.billingengine.payers.PayerRegistry;
import com.billingengine.period.BillingPeriod;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.costexplorer.model.DateInterval;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.ListAccountsResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The customer onboarding validation ({@code payers validate}): signs in, assumes the payer's billing role and makes
 * each call the monthly job will make, once, so a broken stack is found before a billing run and each failure comes
 * with what to do about it. A check that fails skips the checks that depend on it. Costs one Cost Explorer request.
 */
@Service
public class OnboardingValidation {

    static final String SIGN_IN = "sign-in (web identity token)";
    static final String ASSUME_ROLE = "sts:AssumeRoleWithWebIdentity";
    static final String CALLER = "sts:GetCallerIdentity";
    static final String LIST_ACCOUNTS = "organizations:ListAccounts (management account)";
    static final String DESCRIBE_ACCOUNT = "organizations:DescribeAccount";
    static final String COST_EXPLORER = "ce:GetCostAndUsage";

    private static final String POLICY = "SWOOpenIDCAssumeBillingOnlyPolicy";
    private static final String REDEPLOY = "redeploy the stack with SelectedEnvironment=Prod (`payers quicklink`)";

    private final PayerRegistry registry;
    private final PayerClients clients;
    private final BillingProperties properties;
    private final Clock clock;

    OnboardingValidation(PayerRegistry registry, PayerClients clients, BillingProperties properties, Clock clock) {
        this.registry = registry;
        this.clients = clients;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Validates a registered payer and, when every check passes (warnings allowed), marks it onboarded with the time
     * of validation: it is billed in the periods its registry versions make it ACTIVE (a SUSPENDED or OFFBOARDED
     * payer stays so). A failed validation leaves it as it was.
     *
     * @throws PayerImportException when the payer is not in the registry (before any AWS call)
     */
    public ValidationReport validate(String payerAccountId) {
        PayerAccount payer = registry.find(payerAccountId).orElseThrow(() -> new PayerImportException("payer "
                + payerAccountId + " is not in the registry: add it first with `payers add --payer " + payerAccountId
                + " …` or `payers import`"));
        BillingPeriod period = BillingPeriod.lastClosed(clock);
        List<Check> checks = new ArrayList<>();
        PayerSession session = signIn(payer, period, checks);
        if (session != null && callerIdentity(payer, session, checks)) {
            if (listAccounts(payer, session, checks)) {
                describeAccount(payer, session, checks);
            } else {
                checks.add(Check.skipped(DESCRIBE_ACCOUNT, LIST_ACCOUNTS));
            }
            costExplorer(session, period, checks);
        } else {
            String failed = checks.stream().filter(c -> c.result() == Result.FAIL).findFirst().orElseThrow().name();
            for (String later : List.of(CALLER, LIST_ACCOUNTS, DESCRIBE_ACCOUNT, COST_EXPLORER)) {
                if (checks.stream().noneMatch(c -> c.name().equals(later))) {
                    checks.add(Check.skipped(later, failed));
                }
            }
        }
        ValidationReport report = new ValidationReport(payer.payerAccountId(), payer.customerName(), payer.roleArn(),
                period.toString(), checks);
        if (report.passed()) {
            registry.markValidated(payer.payerAccountId(), clock.instant());
        }
        return report;
    }

    /**
     * Sign-in and AssumeRoleWithWebIdentity happen together when the session's credentials are first resolved; a
     * token failure carries an IdentityException, a refusal by STS an AWS error code. Returns null when either failed.
     */
    private PayerSession signIn(PayerAccount payer, BillingPeriod period, List<Check> checks) {
        boolean defaultChain = properties.authMode() == AuthMode.DEFAULT_CHAIN;
        Check signedIn = defaultChain
                ? new Check(SIGN_IN, Result.WARN, "--auth-mode default-chain: no token, no role assumed",
                        "validate the customer's stack with --auth-mode entra-id, as the monthly run signs in")
                : Check.pass(SIGN_IN, "token obtained for audience " + audience());
        try {
            PayerSession session = clients.session(payer.payerAccountId(), payer.roleArn(), period);
            session.assumeRole();
            checks.add(signedIn);
            checks.add(defaultChain
                    ? new Check(ASSUME_ROLE, Result.WARN, "the SDK's default credentials act directly", "")
                    : Check.pass(ASSUME_ROLE, "assumed " + payer.roleArn()));
            return session;
        } catch (RuntimeException e) {
            IdentityException identity = find(e, IdentityException.class);
            if (identity != null) {
                checks.add(new Check(SIGN_IN, Result.FAIL, identity.getMessage(), "check billing.identity.tenant-id, "
                        + "client-id and the client secret (BILLING_CLIENT_SECRET) of our Entra ID application"));
                checks.add(Check.skipped(ASSUME_ROLE, SIGN_IN));
                return null;
            }
            checks.add(signedIn);
            checks.add(failure(ASSUME_ROLE, e, this::assumeRoleRemedy));
            return null;
        }
    }

    private String assumeRoleRemedy(String code) {
        return switch (code) {
            case "AccessDenied", "IDPRejectedClaim" -> "the role's trust policy rejects our token (aud " + audience()
                    + ") or the stack is not deployed: " + REDEPLOY;
            case "InvalidIdentityToken" -> "the payer account's OIDC provider does not accept our token's issuer: "
                    + REDEPLOY;
            case "ExpiredTokenException" -> "the token expired: check this machine's clock and validate again";
            default -> "";
        };
    }

    private boolean callerIdentity(PayerAccount payer, PayerSession session, List<Check> checks) {
        GetCallerIdentityResponse identity;
        try {
            identity = session.sts().getCallerIdentity();
        } catch (RuntimeException e) {
            checks.add(failure(CALLER, e, code -> ""));
            return false;
        }
        String arn = identity.arn();
        String registryRole = payer.roleArn().substring(payer.roleArn().lastIndexOf('/') + 1);
        boolean roleMatches = arn.contains(":assumed-role/" + PayerAccount.BILLING_ROLE + "/")
                || arn.contains(":assumed-role/" + registryRole + "/");
        if (!payer.payerAccountId().equals(identity.account())) {
            checks.add(new Check(CALLER, Result.FAIL, "the credentials act in account " + identity.account() + " as "
                    + arn, "the registry's role ARN " + payer.roleArn() + " is not in the payer account: register the "
                    + PayerAccount.BILLING_ROLE + " of account " + payer.payerAccountId()));
            return false;
        }
        if (!roleMatches) {
            checks.add(new Check(CALLER, Result.FAIL, "the credentials are " + arn + ", not the billing role",
                    "register the billing role's ARN (" + PayerAccount.defaultRoleArn(payer.payerAccountId())
                            + ") for this payer"));
            return false;
        }
        checks.add(Check.pass(CALLER, arn));
        return true;
    }

    private boolean listAccounts(PayerAccount payer, PayerSession session, List<Check> checks) {
        int count = 0;
        boolean payerListed = false;
        try {
            // every page, through each NextToken: an empty page may still carry one
            for (ListAccountsResponse page : session.organizations().listAccountsPaginator()) {
                for (Account account : page.accounts()) {
                    count++;
                    payerListed |= account.id().equals(payer.payerAccountId());
                }
            }
        } catch (RuntimeException e) {
            checks.add(failure(LIST_ACCOUNTS, e, code -> switch (code) {
                case "AccessDeniedException" -> "this is not the management account: register the organisation's "
                        + "management (payer) account; if it is the management account, attach " + POLICY
                        + " to the role: " + REDEPLOY;
                case "AWSOrganizationsNotInUseException" -> "the account belongs to no organisation: register the "
                        + "organisation's management (payer) account";
                default -> "";
            }));
            return false;
        }
        if (!payerListed) {
            checks.add(new Check(LIST_ACCOUNTS, Result.FAIL, "the organisation's " + count
                    + " accounts do not include " + payer.payerAccountId(),
                    "this is not the management account: register the organisation's management (payer) account"));
            return false;
        }
        checks.add(Check.pass(LIST_ACCOUNTS, count + " account(s) in the organisation, the payer among them"));
        return true;
    }

    private void describeAccount(PayerAccount payer, PayerSession session, List<Check> checks) {
        Account account;
        try {
            account = session.organizations().describeAccount(b -> b.accountId(payer.payerAccountId())).account();
        } catch (RuntimeException e) {
            checks.add(failure(DESCRIBE_ACCOUNT, e, code -> "AccessDeniedException".equals(code)
                    ? "attach " + POLICY + " (organizations:DescribeAccount) to the role: " + REDEPLOY : ""));
            return;
        }
        String detail = account.name() + " (status " + account.statusAsString() + ")";
        if ("ACTIVE".equals(account.statusAsString())) {
            checks.add(Check.pass(DESCRIBE_ACCOUNT, detail));
        } else {
            checks.add(new Check(DESCRIBE_ACCOUNT, Result.WARN, detail,
                    "the payer account is not ACTIVE at AWS: ask the customer about its state"));
        }
    }

    /** One MONTHLY request without GroupBy for the last closed month: USD 0.01. */
    private void costExplorer(PayerSession session, BillingPeriod period, List<Check> checks) {
        String metric = properties.costs().metric().value();
        GetCostAndUsageResponse response;
        try {
            response = session.costExplorer().getCostAndUsage(b -> b
                    .timePeriod(DateInterval.builder().start(period.start().toString())
                            .end(period.endExclusive().toString()).build())
                    .granularity(Granularity.MONTHLY)
                    .metrics(metric));
        } catch (RuntimeException e) {
            checks.add(failure(COST_EXPLORER, e, code -> switch (code) {
                case "AccessDeniedException" -> "attach " + POLICY + " (ce:GetCostAndUsage) to the role: " + REDEPLOY;
                case "DataUnavailableException" -> "Cost Explorer has no data for this account yet: enable Cost "
                        + "Explorer in the payer account's Billing console (data appears within 24 hours)";
                case "LimitExceededException" -> "Cost Explorer throttled us: validate again in a minute";
                default -> "";
            }));
            return;
        }
        ResultByTime month = response.resultsByTime().isEmpty() ? null : response.resultsByTime().get(0);
        MetricValue total = month == null ? null : month.total().get(metric);
        String detail = period + " " + metric + " " + (total == null ? "(none)" : total.amount() + " " + total.unit());
        if (month != null && Boolean.TRUE.equals(month.estimated())) {
            checks.add(new Check(COST_EXPLORER, Result.WARN, detail + ", still estimated",
                    "the month's data is not final yet: bill it once Cost Explorer marks it final"));
        } else {
            checks.add(Check.pass(COST_EXPLORER, detail));
        }
    }

    /** A FAIL naming AWS's error code and message; the remedy for the code, or a generic one. */
    private static Check failure(String name, RuntimeException e, Function<String, String> remedies) {
        AwsServiceException aws = find(e, AwsServiceException.class);
        if (aws != null && aws.awsErrorDetails() != null) {
            String code = aws.awsErrorDetails().errorCode();
            String remedy = remedies.apply(code == null ? "" : code);
            return new Check(name, Result.FAIL, code + " (HTTP " + aws.statusCode() + "): "
                    + aws.awsErrorDetails().errorMessage(), remedy.isEmpty()
                            ? "AWS refused the call with " + code + ": fix what it says and validate again"
                            : remedy);
        }
        return new Check(name, Result.FAIL, rootMessage(e),
                "AWS could not be reached: check the network, proxy and --aws-endpoint, then validate again");
    }

    /** The aud claim our tokens carry: the scope without its {@code /.default} suffix. */
    private String audience() {
        String scope = properties.identity().scope();
        if (scope == null || scope.isBlank()) {
            return "api://" + (properties.identity().clientId() == null ? "<client-id>" : properties.identity().clientId());
        }
        return scope.endsWith("/.default") ? scope.substring(0, scope.length() - "/.default".length()) : scope;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}

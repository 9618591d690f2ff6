package com.billingengine.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The contract's global options. Each may also come from a Spring property or environment variable
 * (BILLING_DATA_DIR, BILLING_DB_URL, …); a flag given here wins. Defaults live in application.properties so that
 * Jenkins and cron can set them without flags.
 */
final class GlobalOptions {

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Where the embedded H2 database, the exports and the log file (logs/billing-engine.log) "
                    + "live (default ./data, with --sandbox ./data-sandbox; relative to the working directory). A "
                    + "database records whether it holds simulated or real data: sandbox commands (--sandbox, "
                    + "--auth-mode sandbox) and production commands that call AWS, bill or write the registry are "
                    + "refused (exit 2) on the other kind; status, diff, report and payers list read either.")
    Path dataDir;

    @Option(names = "--db-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "JDBC URL of the billing database and job repository, e.g. "
                    + "jdbc:postgresql://127.0.0.1:5432/billing (default: H2 file database in the data dir).")
    String dbUrl;

    @Option(names = "--db-user", scope = ScopeType.INHERIT, paramLabel = "USER", description = "Database user.")
    String dbUser;

    /** Parsed only to be refused (exit 2) without echoing it: a password on the command line is seen by ps. */
    @Option(names = "--db-password", scope = ScopeType.INHERIT, paramLabel = "PASSWORD", hidden = true)
    String dbPassword;

    @Option(names = "--db-password-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "File holding only the database password (or set BILLING_DB_PASSWORD; never on the "
                    + "command line, where every user of the machine sees it: --db-password is refused).")
    Path dbPasswordFile;

    @Option(names = "--sandbox", scope = ScopeType.INHERIT,
            description = "Run against the built-in AWS simulator (no AWS account needed); seeds an empty payer "
                    + "registry with the sandbox organisations' payers. Its data lives apart from production's: "
                    + "default data dir ./data-sandbox, and a production database refuses it.")
    boolean sandbox;

    @Option(names = "--sandbox-payers", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "Payers in the simulated scenario.")
    Integer sandboxPayers;

    @Option(names = "--sandbox-accounts", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "Accounts per simulated organisation.")
    Integer sandboxAccounts;

    @Option(names = "--sandbox-services", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "Services per simulated payer.")
    Integer sandboxServices;

    @Option(names = "--sandbox-seed", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "Seed of the simulated data (same seed, same bill).")
    Long sandboxSeed;

    @Option(names = "--sandbox-latency-ms", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "Added latency per simulated AWS call.")
    Long sandboxLatencyMs;

    @Option(names = "--sandbox-faults", scope = ScopeType.INHERIT, paramLabel = "SPEC",
            description = "Injected faults, e.g. throttle=0.2,error=0.05 (fractions of calls throttled or answered "
                    + "5xx); fail=ACCOUNT makes every call of that payer fail; fail-ce-after=N fails each payer's Cost Explorer "
                    + "calls after the first N; ce-outage-after=N makes every Cost Explorer request after the Nth fail "
                    + "(DataUnavailableException): a run that stops part-way through costExtraction.")
    String sandboxFaults;

    @Option(names = "--sandbox-estimated", scope = ScopeType.INHERIT,
            description = "The simulated Cost Explorer marks the data as estimated (not final).")
    boolean sandboxEstimated;

    @Option(names = "--sandbox-estimated-days", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "The simulated Cost Explorer still marks the last N days of the month as estimated "
                    + "(--sandbox-estimated: every day).")
    Integer sandboxEstimatedDays;

    @Option(names = "--sandbox-account-leaves", scope = ScopeType.INHERIT,
            description = "One member account of each simulated payer left the organisation mid-month: Cost Explorer "
                    + "charges it for days 1-15, Organizations no longer lists it.")
    boolean sandboxAccountLeaves;

    @Option(names = "--sandbox-token-max-age-seconds", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "Cost Explorer page tokens expire after N seconds, and every sandbox start rejects the "
                    + "tokens of earlier ones (InvalidNextTokenException), as a run continued the next day meets them.")
    Long sandboxTokenMaxAgeSeconds;

    @Option(names = "--sandbox-late-credits", scope = ScopeType.INHERIT,
            description = "The simulated month after late credits arrived: every other payer gains credits (one on "
                    + "a service that had none) and loses a refund, so check, rerun and diff have something to find.")
    boolean sandboxLateCredits;

    @Option(names = "--sandbox-credential-seconds", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "Lifetime of the simulated STS credentials (to exercise refresh).")
    Long sandboxCredentialSeconds;

    @Option(names = "--aws-endpoint", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Send STS, Organizations and Cost Explorer calls to this endpoint (a local emulator).")
    String awsEndpoint;

    @Option(names = "--auth-mode", scope = ScopeType.INHERIT, paramLabel = "MODE",
            description = "entra-id (production), token-file, default-chain or sandbox "
                    + "(default: entra-id; sandbox with --sandbox).")
    String authMode;

    @Option(names = "--token-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Web identity token file for --auth-mode token-file (re-read at every refresh).")
    Path tokenFile;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Job configuration file (default: jobs/monthly-billing.yml of the installation, found from "
                    + "the jar's location or BILLING_HOME, never the working directory; with --sandbox "
                    + "jobs/examples/sandbox-billing.yml). Relative paths inside it resolve against its folder.")
    Path config;
}

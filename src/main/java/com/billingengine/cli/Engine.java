package com.billingengine.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocketFactory;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.billingengine.BillingProperties;
import com.billingengine.BillingEngineApplication;
import com.billingengine.identity.AuthMode;
import com.billingengine.identity.ClientSecret;
import com.billingengine.job.DataKind;
import com.billingengine.job.DataKind.Kind;
import com.billingengine.payers.PayerAccount;
import com.billingengine.payers.PayerRegistry;
import com.billingengine.payers.PayerStatus;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxClient;
import com.billingengine.sandbox.SandboxOptions;
import com.billingengine.sandbox.SandboxPayer;

/**
 * Starts the Spring context for a command, after the command line has been checked: bad input never opens the
 * database. With --sandbox it first starts the AWS simulator and points the engine at its endpoint, as it would
 * point at moto or AWS.
 */
final class Engine implements AutoCloseable {

    private static final List<String> RABBIT_AUTO_CONFIGURATION = List.of(
            "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration",
            "org.springframework.boot.amqp.autoconfigure.health.RabbitHealthContributorAutoConfiguration",
            "org.springframework.boot.amqp.autoconfigure.metrics.RabbitMetricsAutoConfiguration");

    private final ConfigurableApplicationContext context;
    private final AwsSandbox sandbox;

    private Engine(ConfigurableApplicationContext context, AwsSandbox sandbox) {
        this.context = context;
        this.sandbox = sandbox;
    }

    /** The built-in sandbox, or a standalone one (`sandbox serve`) signed in to with auth mode sandbox. */
    static boolean simulated(GlobalOptions g, AuthMode authMode) {
        return g.sandbox || authMode == AuthMode.SANDBOX;
    }

    /**
     * The largest simulated scenario: a bigger one would take minutes to generate before the first request. 5,000
     * payers leaves room for the benchmark's 2,000-payer scale scenario (--small-payers).
     */
    static final int MAX_SANDBOX_PAYERS = 5000;
    static final int MAX_SANDBOX_ACCOUNTS = 1000;

    /**
     * Checks what can be checked without a database; throws IllegalArgumentException (exit 2) naming the option.
     */
    static SandboxOptions sandboxOptions(GlobalOptions g) {
        range("--sandbox-payers", g.sandboxPayers, 1, MAX_SANDBOX_PAYERS);
        range("--sandbox-accounts", g.sandboxAccounts, 2, MAX_SANDBOX_ACCOUNTS);
        range("--sandbox-services", g.sandboxServices, 1, SandboxOptions.maxServices());
        range("--sandbox-latency-ms", g.sandboxLatencyMs, 0, 60_000);
        range("--sandbox-estimated-days", g.sandboxEstimatedDays, 0, 31);
        range("--sandbox-credential-seconds", g.sandboxCredentialSeconds, 0, 43_200);
        try {
            return build(g);
        } catch (IllegalArgumentException e) {
            // what the scenario refuses, said as the option it came from
            throw new IllegalArgumentException(e.getMessage().startsWith("bad fault spec") ? e.getMessage()
                    : "--sandbox-faults " + g.sandboxFaults + ": " + e.getMessage(), e);
        }
    }

    private static void range(String option, Number value, long min, long max) {
        if (value != null && (value.longValue() < min || value.longValue() > max)) {
            throw new IllegalArgumentException(option + " must be " + min + " to " + max + ", was " + value);
        }
    }

    private static SandboxOptions build(GlobalOptions g) {
        SandboxOptions options = SandboxOptions.defaults();
        if (g.sandboxPayers != null || g.sandboxAccounts != null || g.sandboxServices != null) {
            options = options.withSize(g.sandboxPayers != null ? g.sandboxPayers : options.payers(),
                    g.sandboxAccounts != null ? g.sandboxAccounts : options.accountsPerPayer(),
                    g.sandboxServices != null ? g.sandboxServices : options.servicesPerPayer());
        }
        if (g.sandboxSeed != null) {
            options = options.withSeed(g.sandboxSeed);
        }
        if (g.sandboxLatencyMs != null) {
            options = options.withLatencyMs(g.sandboxLatencyMs);
        }
        if (g.sandboxFaults != null) {
            options = options.withFaults(g.sandboxFaults);
        }
        if (g.sandboxCredentialSeconds != null) {
            options = options.withCredentialLifetime(Duration.ofSeconds(g.sandboxCredentialSeconds));
        }
        options = options.withEstimated(g.sandboxEstimated);
        if (g.sandboxEstimatedDays != null) {
            options = options.withEstimatedDays(g.sandboxEstimatedDays);
        }
        if (g.sandboxTokenMaxAgeSeconds != null) {
            if (g.sandboxTokenMaxAgeSeconds < 0) {
                throw new IllegalArgumentException("--sandbox-token-max-age-seconds must not be negative, was "
                        + g.sandboxTokenMaxAgeSeconds);
            }
            options = options.withPageTokenMaxAge(Duration.ofSeconds(g.sandboxTokenMaxAgeSeconds));
        }
        if (g.sandboxLateCredits) {
            options = options.withLateCredits(true);
        }
        return options.withAccountLeaves(g.sandboxAccountLeaves);
    }

    /**
     * What a command does, for the database's kind (sandbox or production data, {@link DataKind}): commands that
     * call AWS or bill must match the kind and record it on a new database; registry writes must match it (the
     * first command that talks to AWS decides); reads work on either kind and say nothing.
     */
    enum Use {
        /** reads the tables only (status, diff, report): no simulator even with --sandbox */
        TABLES(false, false, false),
        /** reads (payers list, quicklink); with --sandbox the simulator seeds an empty sandbox registry */
        READS(true, false, false),
        /** writes the registry (payers import, payers add) */
        REGISTRY(true, true, false),
        /** calls AWS or bills (run, restart, check, payers validate, worker) */
        AWS(true, true, true);

        private final boolean simulator;
        private final boolean matches;
        private final boolean records;

        Use(boolean simulator, boolean matches, boolean records) {
            this.simulator = simulator;
            this.matches = matches;
            this.records = records;
        }
    }

    static Engine start(GlobalOptions g, Use use) {
        return start(g, use, false, false);
    }

    /**
     * @param jobs   the command runs the job (run, restart) or serves its partitions: with remote partitioning
     *               the broker must be reachable now
     * @param worker this process consumes remote partitions ({@code worker})
     */
    static Engine start(GlobalOptions g, boolean jobs, boolean worker) {
        return start(g, Use.AWS, jobs, worker);
    }

    private static Engine start(GlobalOptions g, Use use, boolean jobs, boolean worker) {
        if (g.dbPassword != null) {
            throw new IllegalArgumentException("--db-password is refused: a password on the command line is seen by"
                    + " every user of the machine (ps) and kept in shell history; set the environment variable"
                    + " BILLING_DB_PASSWORD or give --db-password-file FILE (a file holding only the password)");
        }
        Path installation = Installation.root();
        Path config = config(g, installation);
        List<String> args = new ArrayList<>();
        args.add("--spring.config.import=file:" + config);
        add(args, "billing.config", config);
        add(args, "billing.data-dir", g.dataDir);
        add(args, "billing.db-url", g.dbUrl);
        add(args, "billing.db-user", g.dbUser);
        add(args, "billing.db-password-file", g.dbPasswordFile);
        add(args, "billing.aws-endpoint", g.awsEndpoint);
        add(args, "billing.auth-mode", g.authMode);
        add(args, "billing.token-file", g.tokenFile);
        AwsSandbox sandbox = g.sandbox && use.simulator ? AwsSandbox.start(sandboxOptions(g)) : null;
        SpringApplicationBuilder builder = new SpringApplicationBuilder(BillingEngineApplication.class);
        // logging is set up by now, the database not yet opened: logback's own trouble in one line, no trace
        builder.initializers(ctx -> LogStatusLine.install());
        com.billingengine.batch.ProgressDisplay progress = TerminalProgress.forConsole();
        if (progress != null) { // a person watches: live progress lines on stderr
            builder.initializers(ctx -> ctx.getBeanFactory().registerSingleton("terminalProgress", progress));
        }
        if (sandbox != null) {
            var trust = sandbox.trust();
            add(args, "billing.aws-endpoint", g.awsEndpoint != null ? g.awsEndpoint : sandbox.endpoint().toString());
            add(args, "billing.auth-mode", g.authMode != null ? g.authMode : AuthMode.SANDBOX.value());
            add(args, "billing.identity.tenant-id", trust.tenantId());
            add(args, "billing.identity.client-id", trust.clientId());
            add(args, "billing.identity.scope", trust.audience() + "/.default");
            ClientSecret secret = new ClientSecret(sandbox.clientSecret());
            if (AuthMode.of(g.authMode).orElse(null) == AuthMode.ENTRA_ID) {
                // production's sign-in (msal4j) against the sandbox's identity provider, which msal4j wants on https
                add(args, "billing.identity.authority", sandbox.httpsEndpoint() + "/");
                SSLSocketFactory sslTrust = sandbox.clientSslContext().getSocketFactory();
                builder.initializers(ctx -> ctx.getBeanFactory().registerSingleton("sandboxTrust", sslTrust));
            } else {
                add(args, "billing.identity.authority", sandbox.endpoint() + "/");
            }
            builder.initializers(ctx -> ctx.getBeanFactory().registerSingleton("sandboxClientSecret", secret));
        }
        boolean secretGiven = sandbox != null;
        if (sandbox == null && AuthMode.of(g.authMode).orElse(null) == AuthMode.SANDBOX && g.awsEndpoint != null) {
            secretGiven = signInToStandaloneSandbox(g.awsEndpoint, args, builder);
        }
        ConfigurationCheck.Checked checked = null;
        boolean creating = false; // this start creates the H2 database file
        try {
            // the whole configuration is checked before the database or the log file is opened
            checked = ConfigurationCheck.check(args, config, installation,
                    new ConfigurationCheck.Needs(jobs, g.sandbox, use.records, secretGiven));
            checked.resolvedPaths().forEach((k, v) -> add(args, k, v));
            Path h2 = DiskFull.h2File(checked.properties().dbUrl(), checked.properties().dataDir());
            creating = h2 != null && !java.nio.file.Files.exists(h2.resolveSibling(h2.getFileName() + ".mv.db"));
            if (worker && !checked.properties().job().remote()) {
                throw new IllegalArgumentException("billing.job.partitioning is local: a worker serves remote "
                        + "partitions only; set BILLING_JOB_PARTITIONING=remote (or billing.job.partitioning: remote) "
                        + "for the workers and for run");
            }
            if (jobs && g.sandbox && checked.properties().job().remote()) {
                throw new IllegalArgumentException("billing.job.partitioning is remote, but --sandbox simulates AWS "
                        + "inside this process, where no worker can reach it: serve it with `sandbox serve` and give "
                        + "every process --aws-endpoint http://HOST:PORT --auth-mode sandbox");
            }
            if (!checked.properties().job().remote()) {
                // local partitioning never touches a broker: no RabbitMQ beans at all
                args.add("--spring.autoconfigure.exclude=" + String.join(",", RABBIT_AUTO_CONFIGURATION));
            } else if (worker) {
                add(args, "billing-engine.worker", "true");
            }
            if (jobs) {
                // the command closes the engine itself on SIGTERM or Ctrl-C (Summaries, UntilStopped), after
                // saying how to continue: Spring's own hook would close the database under the running job first
                builder.registerShutdownHook(false);
            }
            ConfigurableApplicationContext context = builder.run(args.toArray(String[]::new));
            Engine engine = new Engine(context, sandbox);
            try {
                Kind kind = simulated(g, checked.properties().authMode()) ? Kind.SANDBOX : Kind.PRODUCTION;
                engine.checkKind(use, kind, g);
                if (sandbox != null) {
                    engine.seedRegistry();
                }
            } catch (RuntimeException e) {
                context.close();
                throw e;
            }
            return engine;
        } catch (RuntimeException e) {
            if (sandbox != null) {
                sandbox.close();
            }
            if (creating && DiskFull.in(e)) {
                DiskFull.removeUnfinished(DiskFull.h2File(checked.properties().dbUrl(), checked.properties().dataDir()));
            }
            throw databaseProblem(e, g, checked == null ? null : checked.properties());
        }
    }

    /**
     * Before any AWS call or job execution: a command of the other kind than the database's data is refused (exit
     * 2), naming both and where the command's own data belongs.
     */
    private void checkKind(Use use, Kind kind, GlobalOptions g) {
        DataKind kinds = bean(DataKind.class);
        Kind held = use.records ? kinds.claim(kind) : kinds.recorded().orElse(kind);
        if (!use.matches || held == kind) {
            return;
        }
        String database = g.dbUrl != null ? "database " + g.dbUrl
                : "the database in " + bean(BillingProperties.class).dataDir().toAbsolutePath().normalize();
        if (kind == Kind.SANDBOX) {
            throw new IllegalArgumentException(database + " holds production data: a sandbox command (--sandbox or"
                    + " --auth-mode sandbox) is refused there, so simulated payers and periods never mix with real"
                    + " ones; give the sandbox a data dir of its own (--sandbox without --data-dir uses "
                    + ConfigurationCheck.SANDBOX_DATA_DIR + ", or --data-dir DIR) or another database (--db-url URL)");
        }
        throw new IllegalArgumentException(database + " holds simulated data (recorded by a sandbox command): a"
                + " production command is refused there; give production a data dir of its own (--data-dir DIR;"
                + " default ./data) or database (--db-url URL), or add --sandbox to work with the simulated data");
    }

    /**
     * --config as given (relative to the working directory, it is the user's path); else the installation's
     * jobs/monthly-billing.yml, or with --sandbox the demo's jobs/examples/sandbox-billing.yml (example pricing rules).
     */
    static Path config(GlobalOptions g, Path installation) {
        if (g.config != null) {
            if (!Files.isRegularFile(g.config)) {
                throw new IllegalArgumentException("--config " + g.config + ": "
                        + (Files.isDirectory(g.config) ? "a folder, not a file" : "file not found"));
            }
            return g.config.toAbsolutePath().normalize();
        }
        if (installation == null) {
            throw new IllegalArgumentException(Installation.notFound());
        }
        return installation.resolve(g.sandbox ? Installation.SANDBOX_CONFIG : Installation.DEFAULT_CONFIG);
    }

    /** The database refused while the engine started (H2 file, Flyway): named as a database problem, exit 2. */
    private static RuntimeException databaseProblem(RuntimeException e, GlobalOptions g, BillingProperties properties) {
        if (e instanceof IllegalArgumentException) {
            return e; // the configuration check has named it already
        }
        if (properties != null && DiskFull.in(e)) {
            // H2 creating, opening or migrating its file: the database's folder is what is full, and no run started
            return DiskFull.atStart(e, DiskFull.inDatabase(e)
                    ? DiskFull.databaseDisk(properties.dbUrl(), properties.dataDir())
                    : properties.dataDir().toAbsolutePath().normalize().toString());
        }
        return Causes.of(e).filter(java.sql.SQLException.class::isInstance).findFirst()
                .<RuntimeException>map(sql -> new IllegalArgumentException("database "
                        + (g.dbUrl != null ? g.dbUrl : "in the data dir") + ": "
                        + ConfigurationCheck.databaseProblem((java.sql.SQLException) sql, g.dbUser), e))
                .orElse(e);
    }

    /**
     * A sandbox started elsewhere ({@code sandbox serve}) tells its sign-in settings at its endpoint; they replace
     * the configured identity, which could not sign in there anyway. An endpoint that is no sandbox changes nothing.
     */
    private static boolean signInToStandaloneSandbox(String endpoint, List<String> args,
            SpringApplicationBuilder builder) {
        SandboxClient client;
        try {
            client = SandboxClient.fetch(URI.create(endpoint));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--aws-endpoint " + endpoint + ": not a URL (" + e.getMessage() + ")");
        } catch (IllegalStateException e) {
            return false; // unreachable: the configuration check names it with every other problem
        }
        if (client == null) {
            return false;
        }
        add(args, "billing.identity.tenant-id", client.tenantId());
        add(args, "billing.identity.client-id", client.clientId());
        add(args, "billing.identity.scope", client.scope());
        add(args, "billing.identity.authority", endpoint.replaceAll("/+$", "") + "/");
        ClientSecret secret = new ClientSecret(client.clientSecret());
        builder.initializers(ctx -> ctx.getBeanFactory().registerSingleton("sandboxClientSecret", secret));
        return true;
    }

    private static void add(List<String> args, String property, Object value) {
        if (value != null) {
            args.removeIf(a -> a.startsWith("--" + property + "="));
            args.add("--" + property + "=" + value);
        }
    }

    /**
     * An empty registry gets the sandbox's healthy payers as ACTIVE, so a first run bills something, and its
     * problem accounts (a trust that rejects our token, a member account, an account without an organisation) as
     * PENDING, so `payers validate` can show each failure; PENDING payers are never billed.
     */
    private void seedRegistry() {
        PayerRegistry registry = bean(PayerRegistry.class);
        DataKind kinds = bean(DataKind.class);
        // simulated payers are simulated data: never into a production registry, and they make the database a sandbox's
        if (registry.isEmpty() && kinds.claim(Kind.SANDBOX) == Kind.SANDBOX) {
            List<PayerAccount> payers = new ArrayList<>();
            sandbox.payers().forEach(p -> payers.add(payer(p, PayerStatus.ACTIVE)));
            sandbox.problemPayers().forEach(p -> payers.add(payer(p, PayerStatus.PENDING)));
            registry.addAll(payers);
        }
    }

    /** A sandbox payer as the registry holds it: at the registry markup 0. */
    static PayerAccount payer(SandboxPayer p, PayerStatus status) {
        return new PayerAccount(p.accountId(), p.customerId(), p.customerName(), p.currency(), p.roleArn(), status,
                java.math.BigDecimal.ZERO, null);
    }

    /**
     * A failure because a disk filled up, named for the user (which disk, how to continue); any other failure as it
     * was.
     */
    RuntimeException diskFull(RuntimeException e, String period) {
        if (!DiskFull.in(e)) {
            return e;
        }
        BillingProperties properties = bean(BillingProperties.class);
        String disk = DiskFull.inDatabase(e)
                ? DiskFull.databaseDisk(context.getEnvironment().getProperty("spring.datasource.url"),
                        properties.dataDir())
                : properties.dataDir().toAbsolutePath().normalize().toString();
        return DiskFull.named(e, disk, period, properties.job().leaseSeconds());
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
        if (sandbox != null) {
            sandbox.close();
        }
    }
}

package com.billingengine.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Entry point of the command-line contract (docs/cli-reference.md); the only place that prints for people. */
@Command(name = "billing-engine", mixinStandardHelpOptions = true, version = "Billing Engine for AWS 0.1.0",
        description = {"Bills AWS usage to your customers: signs in with Microsoft Entra ID, assumes each payer's "
                + "billing-only role, reads Organizations and Cost Explorer, prices invoice lines and exports ERP files.",
                "", "Exit codes: 0 done, 1 the job failed (restartable), 2 bad input or usage, 3 refused by state, "
                        + "4 (check only) the period changed in Cost Explorer since it was invoiced.",
                "", "Month end: `run --period P` bills the closed month (rev-1: import its invoices); `check --last 3` "
                        + "daily or weekly finds late credits and refunds (exit 4); `run --period P --rerun` then "
                        + "writes rev-N with corrections.csv/corrections.xml against the last exported revision "
                        + "(import only those); `diff --period P --from N --to M` shows what changed.",
                "", "The configuration is checked before anything starts; errors are one line on stderr naming the file, "
                        + "line and key; full traces of unexpected errors go to <data-dir>/logs/billing-engine.log."},
        subcommands = {RunCommand.class, RestartCommand.class, StatusCommand.class, PayersCommand.class,
                CheckCommand.class, DiffCommand.class, ReportCommand.class, ReleaseCommands.Approve.class,
                ReleaseCommands.Reject.class, SandboxCommand.class, WorkerCommand.class,
                CommandLine.HelpCommand.class})
public final class BillingEngineCli implements Callable<Integer> {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int REFUSED = 3;
    /** check only: the period changed in Cost Explorer since it was invoiced. */
    public static final int CHANGED = 4;

    @Mixin
    GlobalOptions global = new GlobalOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static int run(String[] args) {
        // a failure in a thread of its own (a pool, a database writer) goes to the log file, never as a trace on stderr
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> org.slf4j.LoggerFactory.getLogger(ErrorHandler.class)
                .error("uncaught in thread {}", thread.getName(), e));
        // the configuration check validates before logging is set up: Hibernate Validator's start-up line would
        // land on stdout, which carries only results
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.getLogger("org.hibernate.validator").setLevel(ch.qos.logback.classic.Level.WARN);
        }
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new BillingEngineCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ErrorHandler());
        // `--auth-mode sandbox` is an option value, though `sandbox` is also a command
        cli.setAllowSubcommandsAsOptionParameters(true);
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine().getErr().println("see `billing-engine " + e.getCommandLine().getCommandSpec().qualifiedName()
                    .replaceFirst("^billing-engine ?", "") + " --help`".replace("  ", " "));
            return BAD_INPUT;
        });
        return cli;
    }

    /** The global options, given before or after the command (picocli's inherited scope keeps them on the root). */
    static GlobalOptions global(CommandLine.Model.CommandSpec spec) {
        return ((BillingEngineCli) spec.root().userObject()).global;
    }

    @Override
    public Integer call() {
        return usage(spec);
    }

    /** A command given without its subcommand: the usage on stderr, exit 2. */
    static int usage(CommandLine.Model.CommandSpec spec) {
        spec.commandLine().usage(spec.commandLine().getErr());
        return BAD_INPUT;
    }
}

package com.billingengine.cli;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;

import com.billingengine.period.RefusedException;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.FileAppender;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Maps what went wrong to the contract's exit codes with one clear line, never a stack trace for people. */
final class ErrorHandler implements IExecutionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        if (Summaries.Stop.stopping()) {
            return BillingEngineCli.FAILED; // stopped by a signal: the stop line said how to continue
        }
        Throwable cause = configurationCause(e);
        if (e instanceof RefusedException || e instanceof com.billingengine.payers.RegistryStateException) {
            cli.getErr().println("refused: " + e.getMessage());
            return BillingEngineCli.REFUSED;
        }
        if (e instanceof DiskFull || DiskFull.in(e)) {
            // restartable once space is back: exit 1, the trace in the log (if the log's disk still takes it)
            String logFile = logFile();
            logTrace(parsed, e, logFile);
            String message = e instanceof DiskFull ? e.getMessage() : DiskFull.named(e, logFile == null ? "the data dir"
                    : Path.of(logFile).getParent().getParent().toString(), period(parsed), 0).getMessage();
            cli.getErr().println("error: " + message + (logFile == null ? "" : " (details in " + logFile + ")"));
            return BillingEngineCli.FAILED;
        }
        if (cause != null) {
            cli.getErr().println("error: " + describe(cause));
            return BillingEngineCli.BAD_INPUT;
        }
        // unexpected: the full trace goes to the log file (never the console), the message says where
        String logFile = logFile();
        logTrace(parsed, e, logFile);
        cli.getErr().println("error: " + rootMessage(e) + (logFile == null ? "" : " (details in " + logFile + ")"));
        return BillingEngineCli.FAILED;
    }

    /**
     * The trace goes to the log file only: before the engine set up logging, Logback's default would print it on
     * stdout. It names the command, never the arguments: they may hold a secret (a password, a token).
     */
    private static void logTrace(ParseResult parsed, Exception e, String logFile) {
        if (logFile != null) {
            log.error("{} failed", command(parsed), e);
        }
    }

    /** The --period of the command (run, restart), or null. */
    private static String period(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--period")) {
                return String.valueOf((Object) p.matchedOptionValue("--period", null));
            }
        }
        return null;
    }

    /** "billing-engine payers validate": the commands given, without options or values. */
    static String command(ParseResult parsed) {
        StringBuilder command = new StringBuilder(parsed.commandSpec().name());
        for (ParseResult sub = parsed.subcommand(); sub != null; sub = sub.subcommand()) {
            command.append(' ').append(sub.commandSpec().name());
        }
        return command.toString();
    }

    /** The log file of the engine's data dir, once logging has been set up from logback-spring.xml. */
    static String logFile() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("FILE") instanceof FileAppender<?> file
                && file.isStarted()) {
            return Path.of(file.getFile()).toAbsolutePath().normalize().toString();
        }
        return null;
    }

    /** Bad input found while starting: a bad config file, pricing rule, rates file, CSV or argument. */
    private static Throwable configurationCause(Throwable e) {
        return Causes.of(e).filter(t -> t instanceof BindException || t instanceof IllegalArgumentException
                || t.getClass().getSimpleName().endsWith("RulesException")
                || t.getClass().getSimpleName().endsWith("RatesException")
                || t instanceof org.yaml.snakeyaml.error.YAMLException).findFirst().orElse(null);
    }

    private static String describe(Throwable t) {
        if (t instanceof BindException bind
                && bind.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
            return "unknown configuration key" + (unbound.getUnboundProperties().size() > 1 ? "s " : " ")
                    + unbound.getUnboundProperties().stream()
                            .map(p -> "'" + p.getName() + "' (" + where(p.getOrigin()) + ")")
                            .collect(java.util.stream.Collectors.joining(", "));
        }
        if (t instanceof BindException bind) {
            StringBuilder message = new StringBuilder("invalid configuration property '" + bind.getName() + "'");
            if (bind.getProperty() != null) {
                message.append(" (").append(where(bind.getProperty().getOrigin())).append(")");
            }
            Throwable reason = bind.getCause();
            while (reason != null && reason.getCause() != null && reason.getMessage() == null) {
                reason = reason.getCause();
            }
            if (reason != null) {
                message.append(": ").append(reason.getMessage());
            }
            return message.toString();
        }
        return t.getMessage();
    }

    private static String where(Origin origin) {
        return ConfigurationCheck.where(origin);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        String message = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}

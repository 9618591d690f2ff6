package com.billingengine.cli;

import java.util.HashSet;
import java.util.Set;

import org.springframework.boot.context.properties.bind.BindException;

import com.billingengine.job.RefusedException;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Maps what went wrong to the contract's exit codes with one clear line, never a stack trace for people. */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        Throwable cause = configurationCause(e);
        if (e instanceof RefusedException) {
            cli.getErr().println("refused: " + e.getMessage());
            return BillingEngineCli.REFUSED;
        }
        if (cause != null) {
            cli.getErr().println("error: " + describe(cause));
            return BillingEngineCli.BAD_INPUT;
        }
        cli.getErr().println("error: " + rootMessage(e));
        return BillingEngineCli.FAILED;
    }

    /** Bad input found while starting: a bad config file, pricing rule, rates file, CSV or argument. */
    private static Throwable configurationCause(Throwable e) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof BindException || t instanceof IllegalArgumentException
                    || t.getClass().getSimpleName().endsWith("RulesException")
                    || t.getClass().getSimpleName().endsWith("RatesException")
                    || t instanceof org.yaml.snakeyaml.error.YAMLException) {
                return t;
            }
        }
        return null;
    }

    private static String describe(Throwable t) {
        if (t instanceof BindException bind) {
            StringBuilder message = new StringBuilder("invalid configuration property '" + bind.getName() + "'");
            if (bind.getProperty() != null && bind.getProperty().getOrigin() != null) {
                message.append(" (").append(bind.getProperty().getOrigin()).append(")");
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

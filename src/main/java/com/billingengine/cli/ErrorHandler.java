package com.billingengine.cli;

import java.util.HashSet;
import java.util.Set;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;

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

    /** "file …/monthly-billing.yml line 3, column 17" rather than Spring's "URL [file:…] - 3:17". */
    private static String where(Origin origin) {
        Origin text0 = origin;
        while (text0 != null && !(text0 instanceof TextResourceOrigin)) {
            text0 = text0 instanceof PropertySourceOrigin wrapped && wrapped.getOrigin() != null
                    ? wrapped.getOrigin() : text0.getParent();
        }
        if (text0 instanceof TextResourceOrigin text && text.getLocation() != null) {
            String resource = text.getResource() == null ? "?" : text.getResource().getDescription()
                    .replaceFirst("^URL \\[file:(.*)\\]$", "$1");
            return resource + " line " + (text.getLocation().getLine() + 1) + ", column "
                    + (text.getLocation().getColumn() + 1);
        }
        return origin == null ? "from the environment or command line" : origin.toString();
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

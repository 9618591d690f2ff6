package com.billingengine.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;

import com.billingengine.period.BillingPeriod;

/** Runs the command line in-process, capturing what it prints, as a user's shell would see it. */
public final class Cli {

    /** What a command returned and printed. */
    public record Result(int exitCode, String out, String err) {

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    private Cli() {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BillingEngineCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    public static String lastMonth() {
        return BillingPeriod.lastClosed(Clock.systemUTC()).toString();
    }
}

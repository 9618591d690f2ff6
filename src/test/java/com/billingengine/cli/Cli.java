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

    /** A command on the built-in sandbox with the given data dir: {@code --data-dir DIR --sandbox args…}. */
    public static Result sandbox(java.nio.file.Path dataDir, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--data-dir";
        all[1] = dataDir.toString();
        all[2] = "--sandbox";
        System.arraycopy(args, 0, all, 3, args.length);
        return run(all);
    }

    public static String lastMonth() {
        return BillingPeriod.lastClosed(Clock.systemUTC()).toString();
    }
}

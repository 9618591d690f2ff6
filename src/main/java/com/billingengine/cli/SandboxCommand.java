package com.billingengine.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.billingengine.payers.PayerStatus;
import com.billingengine.payers.PayersCsv;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "The built-in AWS simulator on its own, for engines in other processes or on other machines.",
        subcommands = SandboxCommand.Serve.class)
final class SandboxCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BillingEngineCli.usage(spec);
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Serves the simulated AWS (STS, Organizations, Cost Explorer, the Entra ID-like sign-in) "
                    + "on 127.0.0.1 until stopped (Ctrl-C, SIGTERM), like moto_server; the --sandbox-* options shape "
                    + "its scenario as for --sandbox.",
                    "Writes the scenario's healthy payers as a payers CSV (register them with `payers import FILE`, "
                            + "then `payers validate --pending`, as a real customer's) and "
                            + "prints one line with the endpoint. Clients use "
                            + "`--aws-endpoint http://127.0.0.1:PORT --auth-mode sandbox`."})
    static final class Serve implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--port", required = true, paramLabel = "N",
                description = "Port on 127.0.0.1 (0: any free port; the printed line names it).")
        int port;

        @Option(names = "--payers-csv", required = true, paramLabel = "FILE",
                description = "Where to write the scenario's healthy payers (PENDING, the `payers import` format: "
                        + "`payers validate --pending` activates them after the import).")
        Path payersCsv;

        @Override
        public Integer call() {
            GlobalOptions global = BillingEngineCli.global(spec);
            if (global.sandbox) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--sandbox starts a simulator inside an engine; `sandbox serve` is one on its own: leave it out");
            }
            SandboxOptions options = Engine.sandboxOptions(global);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be 0 to 65535, was " + port);
            }
            // checked before the simulator starts: a refusal must not leave its server threads running
            Path folder = payersCsv.toAbsolutePath().normalize().getParent();
            if (folder == null || !java.nio.file.Files.isDirectory(folder)) {
                throw new IllegalArgumentException("--payers-csv " + payersCsv + ": the folder " + folder
                        + " does not exist; create it first or name another file");
            }
            if (java.nio.file.Files.isDirectory(payersCsv) || !java.nio.file.Files.isWritable(folder)) {
                throw new IllegalArgumentException("--payers-csv " + payersCsv + ": "
                        + (java.nio.file.Files.isDirectory(payersCsv) ? "a folder, not a file" : folder + " is not writable"));
            }
            AwsSandbox sandbox = AwsSandbox.start(options, port);
            try {
                PayersCsv.write(payersCsv, sandbox.payers().stream().map(p -> Engine.payer(p, PayerStatus.PENDING))
                        .toList());
            } catch (RuntimeException e) {
                sandbox.close();
                if (!(e instanceof UncheckedIOException)) {
                    throw e;
                }
                throw new IllegalArgumentException("--payers-csv " + payersCsv + ": cannot write it: "
                        + e.getCause().getMessage(), e);
            }
            return UntilStopped.serve(spec.commandLine().getOut(), "AWS sandbox listening on " + sandbox.endpoint()
                    + " (" + sandbox.payers().size() + " payers in " + payersCsv + "); clients: --aws-endpoint "
                    + sandbox.endpoint() + " --auth-mode sandbox", sandbox, "sandbox-serve-stop");
        }
    }
}

package com.billingengine.cli;

import java.util.concurrent.Callable;

import com.billingengine.BillingProperties;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Runs partitions of the monthly job sent by the process that runs it (billing.job.partitioning: "
                + "remote, BILLING_JOB_PARTITIONING=remote) until stopped (Ctrl-C, SIGTERM): per payer accountListing "
                + "and costExtraction, per invoice invoiceLines.",
                "Start any number, on any machine that reaches the RabbitMQ broker (spring.rabbitmq.host, port, "
                        + "username, password: SPRING_RABBITMQ_HOST … in the environment, never on the command line), "
                        + "the shared PostgreSQL database (--db-url) and AWS (--aws-endpoint, --auth-mode as for run). "
                        + "billing.job.concurrency partitions at a time per worker."})
final class WorkerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        GlobalOptions global = BillingEngineCli.global(spec);
        if (global.sandbox) {
            throw new CommandLine.ParameterException(spec.commandLine(), "a worker cannot use --sandbox: each process "
                    + "would simulate its own AWS; serve one with `sandbox serve` and give every process "
                    + "--aws-endpoint http://HOST:PORT --auth-mode sandbox");
        }
        Engine engine = Engine.start(global, true, true);
        BillingProperties properties = engine.bean(BillingProperties.class);
        // closing stops taking requests; a partition being run is left to the broker to hand on
        return UntilStopped.serve(spec.commandLine().getOut(), "worker: taking partitions from queue "
                + properties.job().queue() + ", " + properties.job().concurrency()
                + " at a time; stop with Ctrl-C or SIGTERM", engine, "worker-stop");
    }
}

package com.billingengine.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

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
        CountDownLatch stopped = new CountDownLatch(1);
        Thread stop = new Thread(() -> {
            engine.close(); // stops taking requests; a partition being run is left to the broker to hand on
            stopped.countDown();
        }, "worker-stop");
        BillingProperties properties = engine.bean(BillingProperties.class);
        Runtime.getRuntime().addShutdownHook(stop);
        PrintWriter out = spec.commandLine().getOut();
        out.println("worker: taking partitions from queue " + properties.job().queue() + ", "
                + properties.job().concurrency() + " at a time; stop with Ctrl-C or SIGTERM");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) { // stopped from within the JVM (an embedding test), not by a signal
            Runtime.getRuntime().removeShutdownHook(stop);
            engine.close();
            Thread.currentThread().interrupt();
        }
        return BillingEngineCli.OK;
    }
}

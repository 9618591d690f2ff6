package com.billingengine.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/**
 * A command that serves until stopped (`sandbox serve`, `worker`): says so in one line, then waits; SIGTERM and
 * Ctrl-C run the shutdown hook, which closes what it serves (the port or the broker consumers go before the JVM).
 */
final class UntilStopped {

    private UntilStopped() {
    }

    static int serve(PrintWriter out, String line, AutoCloseable service, String threadName) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread stop = new Thread(() -> {
            close(service);
            stopped.countDown();
        }, threadName);
        Runtime.getRuntime().addShutdownHook(stop);
        out.println(line);
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) { // stopped from within the JVM (an embedding test), not by a signal
            Runtime.getRuntime().removeShutdownHook(stop);
            close(service);
            Thread.currentThread().interrupt();
        }
        return BillingEngineCli.OK;
    }

    private static void close(AutoCloseable service) {
        try {
            service.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop cleanly: " + e.getMessage(), e);
        }
    }
}

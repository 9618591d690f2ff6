package com.billingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote partitioning is refused before anything starts where it cannot work: on H2, or without its broker. */
class RemotePartitioningSettingsTest {

    @TempDir
    Path dir;

    @Test
    void remoteOnTheEmbeddedH2IsRefusedNamingTheSetting() throws Exception {
        Path config = config("billing:\n  job:\n    partitioning: remote\n");
        Cli.Result run = Cli.run("--data-dir", dir.resolve("data").toString(), "--config", config.toString(), "run",
                "--period", "2026-10");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).as(run.toString()).contains(config + " line 3, column 19: billing.job.partitioning: "
                + "remote needs a job repository the workers share: a PostgreSQL database");
        assertThat(dir.resolve("data")).as("nothing written").doesNotExist();
    }

    @Test
    void anUnknownPartitioningIsRefused() throws Exception {
        Path config = config("billing:\n  job:\n    partitioning: cluster\n");
        Cli.Result run = Cli.run("--data-dir", dir.resolve("data").toString(), "--config", config.toString(), "run",
                "--period", "2026-10");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("billing.job.partitioning: unknown value 'cluster'; expected one of local, remote");
    }

    @Test
    void anUnreachableBrokerIsNamedWithHostAndPort() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort(); // free once closed: nothing listens there
        }
        Path config = config("billing:\n  job:\n    partitioning: remote\nspring:\n  rabbitmq:\n    host: 127.0.0.1\n"
                + "    port: " + closed + "\n");
        Cli.Result run = Cli.run("--data-dir", dir.resolve("data").toString(), "--db-url",
                "jdbc:postgresql://127.0.0.1:5432/test", "--db-user", "postgres", "--auth-mode", "default-chain", "--config", config.toString(), "run",
                "--period", "2026-10");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).as(run.toString()).startsWith("error: RabbitMQ broker 127.0.0.1:" + closed + " (")
                .contains("cannot reach it").doesNotContain("\tat ");
        assertThat(dir.resolve("data")).as("nothing written").doesNotExist();
    }

    @Test
    void aWorkerNeedsRemotePartitioning() {
        Cli.Result worker = Cli.run("--data-dir", dir.resolve("data").toString(), "--db-url",
                "jdbc:postgresql://127.0.0.1:5432/test", "--db-user", "postgres", "--auth-mode", "default-chain", "worker");

        assertThat(worker.exitCode()).as(worker.toString()).isEqualTo(2);
        assertThat(worker.err()).contains("billing.job.partitioning is local: a worker serves remote partitions only");
    }

    private Path config(String yaml) throws Exception {
        Path config = dir.resolve("billing.yml");
        Files.writeString(config, yaml);
        return config;
    }
}

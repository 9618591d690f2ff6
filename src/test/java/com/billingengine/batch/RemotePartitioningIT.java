package com.billingengine.batch;

import static com.billingengine.batch.RemoteProcesses.PERIOD;
import static com.billingengine.batch.RemoteProcesses.export;
import static com.billingengine.batch.RemoteProcesses.firstLine;
import static com.billingengine.batch.RemoteProcesses.log;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote partitioning with real processes: a served sandbox, two {@code worker} processes of the packaged jar,
 * RabbitMQ on 127.0.0.1:5672 (guest/guest) and PostgreSQL. The month billed by a manager whose partitions ran in the
 * workers is byte for byte the month billed with local threads, and the workers, not the manager, ran them.
 */
class RemotePartitioningIT {

    private static final int PAYERS = 4;
    private static final Pattern PAYER_DONE = Pattern.compile("payer (\\d{12}): \\d+ cost lines");

    @TempDir
    Path dir;
    private RemoteProcesses fixture;

    @BeforeEach
    void createDatabases() throws Exception {
        fixture = new RemoteProcesses(dir, "remote");
    }

    @AfterEach
    void cleanUp() throws Exception {
        fixture.close();
    }

    @Test
    void twoWorkerProcessesBillTheSameBytesAsLocalThreads() throws Exception {
        String endpoint = fixture.serveSandbox("--sandbox-payers", String.valueOf(PAYERS));
        Map<String, String> remote = fixture.remoteEnv(Map.of());
        fixture.importPayers(endpoint, fixture.localDb, fixture.remoteDb);
        List<Path> workers = List.of(dir.resolve("worker-1"), dir.resolve("worker-2"));
        for (Path worker : workers) {
            Process process = fixture.start(worker, remote, fixture.global(fixture.remoteDb, endpoint, "worker"));
            assertThat(firstLine(process, worker)).contains("worker: taking partitions from queue " + fixture.queue);
        }

        RemoteProcesses.Result manager = fixture.run(dir.resolve("manager"), remote,
                fixture.global(fixture.remoteDb, endpoint, "run", "--period", PERIOD));
        assertThat(manager.exit()).as(manager.toString()).isZero();
        RemoteProcesses.Result local = fixture.run(dir.resolve("local"), Map.of(),
                fixture.global(fixture.localDb, endpoint, "run", "--period", PERIOD));
        assertThat(local.exit()).as(local.toString()).isZero();

        for (String file : List.of("invoices.xml", "invoice-lines.csv", "focus.csv")) {
            byte[] expected = Files.readAllBytes(export(dir.resolve("local"), file));
            assertThat(export(dir.resolve("manager"), file)).as(file).hasBinaryContent(expected);
        }
        // the workers extracted every payer's costs, the manager none
        Set<String> extracted = new TreeSet<>();
        for (Path worker : workers) {
            Set<String> own = payersIn(log(worker));
            assertThat(own).as("worker %s ran partitions", worker.getFileName()).isNotEmpty();
            extracted.addAll(own);
        }
        assertThat(extracted).hasSize(PAYERS);
        assertThat(payersIn(log(dir.resolve("manager")))).isEmpty();
        assertThat(payersIn(log(dir.resolve("local")))).hasSize(PAYERS);
    }

    private static Set<String> payersIn(String log) {
        Set<String> payers = new TreeSet<>();
        Matcher m = PAYER_DONE.matcher(log);
        while (m.find()) {
            payers.add(m.group(1));
        }
        return payers;
    }
}

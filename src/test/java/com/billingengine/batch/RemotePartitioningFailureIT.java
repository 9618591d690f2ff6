package com.billingengine.batch;

import static com.billingengine.batch.RemoteProcesses.PERIOD;
import static com.billingengine.batch.RemoteProcesses.export;
import static com.billingengine.batch.RemoteProcesses.firstLine;
import static com.billingengine.batch.RemoteProcesses.log;
import static com.billingengine.batch.RemoteProcesses.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote partitioning when workers die, with real processes (served sandbox, worker processes of the packaged jar,
 * RabbitMQ on 127.0.0.1:5672, PostgreSQL): a worker killed with SIGKILL in the middle of a costExtraction partition
 * leaves its unacknowledged request to the broker, which hands it to the other worker; the run completes with the
 * bytes of a local run. With no worker at all, the manager gives up after billing.job.remote-timeout naming the
 * partitions, and a restart once a worker runs finishes the month while the worker drops the dead run's requests.
 */
class RemotePartitioningFailureIT {

    /** Logged when a costExtraction partition opens its reader: the worker is inside the partition. */
    private static final Pattern EXTRACTION_STARTED = Pattern.compile("payer (\\d{12}): \\d+ record type\\(s\\)");

    @TempDir
    Path dir;
    private RemoteProcesses fixture;

    @BeforeEach
    void createDatabases() throws Exception {
        fixture = new RemoteProcesses(dir, "remote_fail");
    }

    @AfterEach
    void cleanUp() throws Exception {
        fixture.close();
    }

    @Test
    void aWorkerKilledMidPartitionIsTakenOverByTheOtherAndTheMonthBillsTheSameBytes() throws Exception {
        // 300 ms a Cost Explorer call: a partition takes seconds, time enough to kill its worker inside it
        String endpoint = fixture.serveSandbox("--sandbox-payers", "2", "--sandbox-accounts", "3",
                "--sandbox-services", "3",
                "--sandbox-latency-ms", "300");
        fixture.importPayers(endpoint, fixture.localDb, fixture.remoteDb);
        Map<String, String> remote = fixture.remoteEnv(Map.of("BILLING_JOB_CONCURRENCY", "1"));
        Map<Path, Process> workers = new LinkedHashMap<>();
        for (Path worker : List.of(dir.resolve("worker-1"), dir.resolve("worker-2"))) {
            workers.put(worker, fixture.start(worker, remote,
                    fixture.global(fixture.remoteDb, endpoint, "worker")));
        }
        for (Map.Entry<Path, Process> worker : workers.entrySet()) { // started side by side, then waited for
            assertThat(firstLine(worker.getValue(), worker.getKey()))
                    .contains("taking partitions from queue " + fixture.queue);
        }

        Process manager = fixture.start(dir.resolve("manager"), remote,
                fixture.global(fixture.remoteDb, endpoint, "run", "--period", PERIOD));
        // the same month with local threads, meanwhile, in its own database
        Process local = fixture.start(dir.resolve("local"), Map.of(),
                fixture.global(fixture.localDb, endpoint, "run", "--period", PERIOD));
        Path killed = null;
        String payer = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (killed == null) {
            for (Path worker : workers.keySet()) {
                Matcher started = EXTRACTION_STARTED.matcher(log(worker));
                if (started.find()) {
                    workers.get(worker).destroyForcibly(); // SIGKILL: no shutdown hook, no acknowledgement
                    workers.get(worker).waitFor();
                    killed = worker;
                    payer = started.group(1);
                    break;
                }
            }
            if (killed == null && (System.nanoTime() > deadline || !manager.isAlive())) {
                fail("no worker started a costExtraction partition; manager: %s", output(dir.resolve("manager")));
            }
            Thread.sleep(100);
        }
        Path survivor = null;
        for (Path worker : workers.keySet()) {
            if (!worker.equals(killed)) {
                survivor = worker;
            }
        }

        assertThat(manager.waitFor(180, TimeUnit.SECONDS)).as("the manager ends").isTrue();
        fixture.drained(manager);
        assertThat(manager.exitValue()).as(output(dir.resolve("manager"))).isZero();
        Pattern finished = Pattern.compile("payer " + payer + ": \\d+ cost lines");
        assertThat(finished.matcher(log(killed)).find()).as("killed before finishing payer " + payer).isFalse();
        assertThat(finished.matcher(log(survivor)).find()).as("the other worker extracted payer " + payer).isTrue();

        assertThat(local.waitFor(180, TimeUnit.SECONDS)).as("the local run ends").isTrue();
        fixture.drained(local);
        assertThat(local.exitValue()).as(output(dir.resolve("local"))).isZero();
        for (String file : List.of("invoices.xml", "invoice-lines.csv", "focus.csv")) {
            byte[] expected = Files.readAllBytes(export(dir.resolve("local"), file));
            assertThat(export(dir.resolve("manager"), file)).as(file).hasBinaryContent(expected);
        }
    }

    @Test
    void withoutWorkersTheManagerGivesUpNamingThePartitionsAndARestartFinishes() throws Exception {
        String endpoint = fixture.serveSandbox("--sandbox-payers", "2", "--sandbox-accounts", "3",
                "--sandbox-services", "3");
        fixture.importPayers(endpoint, fixture.remoteDb);
        List<String> payers = Files.readAllLines(fixture.payersCsv()).stream().skip(1)
                .map(line -> line.split(",")[0]).toList();
        assertThat(payers).hasSize(2);
        Map<String, String> remote = fixture.remoteEnv(Map.of("BILLING_JOB_REMOTE_TIMEOUT", "2s"));

        Process manager = fixture.start(dir.resolve("manager"), remote,
                fixture.global(fixture.remoteDb, endpoint, "run", "--period", PERIOD));
        // a guard for this test, not a timing assertion: without the timeout the manager waits for ever
        assertThat(manager.waitFor(120, TimeUnit.SECONDS)).as("the manager gives up").isTrue();
        fixture.drained(manager);
        String out = output(dir.resolve("manager"));
        assertThat(manager.exitValue()).as(out).isEqualTo(1);
        assertThat(out).contains("FAILED", "billing.job.remote-timeout", "2 of 2 partitions not finished",
                "queue " + fixture.queue);
        for (String payer : payers) {
            assertThat(out).contains("accountListingPayer:payer-" + payer);
        }

        // the failed run's requests still wait in the queue: the worker drops them and runs the restart's
        remote.remove("BILLING_JOB_REMOTE_TIMEOUT"); // the default: a cold worker may well take more than 2 s
        Process worker = fixture.start(dir.resolve("worker"), remote,
                fixture.global(fixture.remoteDb, endpoint, "worker"));
        RemoteProcesses.Result restart = fixture.run(dir.resolve("restart"), remote,
                fixture.global(fixture.remoteDb, endpoint, "restart", "--period",
                PERIOD));
        assertThat(firstLine(worker, dir.resolve("worker"))).contains("taking partitions from queue " + fixture.queue);
        assertThat(restart.exit()).as(restart.toString()).isZero();
        assertThat(restart.out()).contains("COMPLETED");
        assertThat(log(dir.resolve("worker"))).contains("dropping the request for accountListingPayer");
        for (String payer : payers) {
            assertThat(log(dir.resolve("worker"))).containsPattern("payer " + payer + ": \\d+ cost lines");
        }
    }
}

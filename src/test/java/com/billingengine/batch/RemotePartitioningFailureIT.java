package com.billingengine.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rabbitmq.client.ConnectionFactory;

/**
 * Remote partitioning when workers die, with real processes (served sandbox, worker processes of the packaged jar,
 * RabbitMQ on 127.0.0.1:5672, PostgreSQL): a worker killed with SIGKILL in the middle of a costExtraction partition
 * leaves its unacknowledged request to the broker, which hands it to the other worker; the run completes with the
 * bytes of a local run. With no worker at all, the manager gives up after billing.job.remote-timeout naming the
 * partitions, and a restart once a worker runs finishes the month while the worker drops the dead run's requests.
 */
class RemotePartitioningFailureIT {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String PERIOD = "2026-10";
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
    /** Logged when a costExtraction partition opens its reader: the worker is inside the partition. */
    private static final Pattern EXTRACTION_STARTED = Pattern.compile("payer (\\d{12}): \\d+ record type\\(s\\)");

    private final String suffix = Long.toHexString(System.nanoTime());
    private final String localDb = "remote_fail_local_" + suffix;
    private final String remoteDb = "remote_fail_remote_" + suffix;
    private final String queue = "billing.partitions.it-" + UUID.randomUUID();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void createDatabases() throws SQLException {
        execute("CREATE DATABASE " + localDb);
        execute("CREATE DATABASE " + remoteDb);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        execute("DROP DATABASE IF EXISTS " + localDb + " WITH (FORCE)");
        execute("DROP DATABASE IF EXISTS " + remoteDb + " WITH (FORCE)");
        ConnectionFactory rabbit = new ConnectionFactory();
        rabbit.setHost("127.0.0.1");
        try (var connection = rabbit.newConnection(); var channel = connection.createChannel()) {
            channel.queueDelete(queue);
        }
    }

    @Test
    void aWorkerKilledMidPartitionIsTakenOverByTheOtherAndTheMonthBillsTheSameBytes() throws Exception {
        // 300 ms a Cost Explorer call: a partition takes seconds, time enough to kill its worker inside it
        String endpoint = serveSandbox("--sandbox-payers", "2", "--sandbox-accounts", "3", "--sandbox-services", "3",
                "--sandbox-latency-ms", "300");
        importPayers(endpoint, localDb, remoteDb);
        Map<String, String> remote = remoteEnv(Map.of("BILLING_JOB_CONCURRENCY", "1"));
        Map<Path, Process> workers = new LinkedHashMap<>();
        for (Path worker : List.of(dir.resolve("worker-1"), dir.resolve("worker-2"))) {
            workers.put(worker, start(worker, remote, global(remoteDb, endpoint, "worker")));
        }
        for (Map.Entry<Path, Process> worker : workers.entrySet()) { // started side by side, then waited for
            assertThat(firstLine(worker.getValue(), worker.getKey())).contains("taking partitions from queue " + queue);
        }

        Process manager = start(dir.resolve("manager"), remote, global(remoteDb, endpoint, "run", "--period", PERIOD));
        // the same month with local threads, meanwhile, in its own database
        Process local = start(dir.resolve("local"), Map.of(), global(localDb, endpoint, "run", "--period", PERIOD));
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
        copies.get(manager).join();
        assertThat(manager.exitValue()).as(output(dir.resolve("manager"))).isZero();
        Pattern finished = Pattern.compile("payer " + payer + ": \\d+ cost lines");
        assertThat(finished.matcher(log(killed)).find()).as("killed before finishing payer " + payer).isFalse();
        assertThat(finished.matcher(log(survivor)).find()).as("the other worker extracted payer " + payer).isTrue();

        assertThat(local.waitFor(180, TimeUnit.SECONDS)).as("the local run ends").isTrue();
        copies.get(local).join();
        assertThat(local.exitValue()).as(output(dir.resolve("local"))).isZero();
        for (String file : List.of("invoices.xml", "invoice-lines.csv", "focus.csv")) {
            byte[] expected = Files.readAllBytes(export(dir.resolve("local"), file));
            assertThat(export(dir.resolve("manager"), file)).as(file).hasBinaryContent(expected);
        }
    }

    @Test
    void withoutWorkersTheManagerGivesUpNamingThePartitionsAndARestartFinishes() throws Exception {
        String endpoint = serveSandbox("--sandbox-payers", "2", "--sandbox-accounts", "3", "--sandbox-services", "3");
        importPayers(endpoint, remoteDb);
        List<String> payers = Files.readAllLines(dir.resolve("payers.csv")).stream().skip(1)
                .map(line -> line.split(",")[0]).toList();
        assertThat(payers).hasSize(2);
        Map<String, String> remote = remoteEnv(Map.of("BILLING_JOB_REMOTE_TIMEOUT", "2s"));

        Process manager = start(dir.resolve("manager"), remote, global(remoteDb, endpoint, "run", "--period", PERIOD));
        // a guard for this test, not a timing assertion: without the timeout the manager waits for ever
        assertThat(manager.waitFor(120, TimeUnit.SECONDS)).as("the manager gives up").isTrue();
        copies.get(manager).join();
        String out = output(dir.resolve("manager"));
        assertThat(manager.exitValue()).as(out).isEqualTo(1);
        assertThat(out).contains("FAILED", "billing.job.remote-timeout", "2 of 2 partitions not finished",
                "queue " + queue);
        for (String payer : payers) {
            assertThat(out).contains("accountListingPayer:payer-" + payer);
        }

        // the failed run's requests still wait in the queue: the worker drops them and runs the restart's
        remote.remove("BILLING_JOB_REMOTE_TIMEOUT"); // the default: a cold worker may well take more than 2 s
        Process worker = start(dir.resolve("worker"), remote, global(remoteDb, endpoint, "worker"));
        Result restart = run(dir.resolve("restart"), remote, global(remoteDb, endpoint, "restart", "--period",
                PERIOD));
        assertThat(firstLine(worker, dir.resolve("worker"))).contains("taking partitions from queue " + queue);
        assertThat(restart.exit()).as(restart.toString()).isZero();
        assertThat(restart.out()).contains("COMPLETED");
        assertThat(log(dir.resolve("worker"))).contains("dropping the request for accountListingPayer");
        for (String payer : payers) {
            assertThat(log(dir.resolve("worker"))).containsPattern("payer " + payer + ": \\d+ cost lines");
        }
    }

    private String serveSandbox(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("sandbox", "serve", "--port", "0", "--payers-csv", dir.resolve("payers.csv").toString()));
        Process sandbox = start(dir.resolve("sandbox"), Map.of(), args.toArray(String[]::new));
        Matcher listening = LISTENING.matcher(firstLine(sandbox, dir.resolve("sandbox")));
        assertThat(listening.find()).isTrue();
        return listening.group(1);
    }

    /** Into each database, side by side. */
    private void importPayers(String endpoint, String... databases) throws Exception {
        Map<Path, Process> imports = new LinkedHashMap<>();
        for (String db : databases) {
            imports.put(dir.resolve("import-" + db), start(dir.resolve("import-" + db), Map.of(), global(db, endpoint,
                    "payers", "import", dir.resolve("payers.csv").toString())));
        }
        for (Map.Entry<Path, Process> i : imports.entrySet()) {
            int exit = i.getValue().waitFor();
            copies.get(i.getValue()).join();
            assertThat(exit).as(output(i.getKey())).isZero();
        }
    }

    private Map<String, String> remoteEnv(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("BILLING_JOB_PARTITIONING", "remote", "BILLING_JOB_QUEUE",
                queue, "SPRING_RABBITMQ_HOST", "127.0.0.1", "SPRING_RABBITMQ_PORT", "5672",
                "SPRING_RABBITMQ_USERNAME", "guest", "SPRING_RABBITMQ_PASSWORD", "guest"));
        env.putAll(more);
        return env;
    }

    private String[] global(String db, String endpoint, String... command) {
        List<String> args = new ArrayList<>(List.of("--data-dir", "data", "--db-url", SERVER + db, "--db-user",
                "postgres", "--aws-endpoint", endpoint, "--auth-mode", "sandbox", "--config",
                Path.of("jobs/examples/sandbox-billing.yml").toAbsolutePath().toString()));
        args.addAll(List.of(command));
        return args.toArray(String[]::new);
    }

    private static Path export(Path folder, String file) {
        return folder.resolve("data/exports/" + PERIOD + "/rev-1/" + file);
    }

    private static String log(Path folder) throws IOException {
        Path log = folder.resolve("data/logs/billing-engine.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static String output(Path folder) throws IOException {
        return "--- out\n" + Files.readString(folder.resolve("out.txt")) + "\n--- err\n"
                + Files.readString(folder.resolve("err.txt"));
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    private Result run(Path folder, Map<String, String> env, String... args) throws Exception {
        Process process = start(folder, env, args);
        int exit = process.waitFor();
        copies.get(process).join();
        return new Result(exit, Files.readString(folder.resolve("out.txt")), Files.readString(folder.resolve("err.txt")));
    }

    /** Output to out.txt and err.txt of the folder; the first stdout line is also readable from the process. */
    private Process start(Path folder, Map<String, String> env, String... args) throws IOException {
        Files.createDirectories(folder);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", Path.of(System.getProperty("billing.jar")).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
                .redirectError(folder.resolve("err.txt").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("BILLING_") || k.startsWith("SPRING_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        Thread copy = new Thread(() -> copyOut(process, folder.resolve("out.txt")), "out-" + folder.getFileName());
        copy.setDaemon(true);
        copy.start();
        copies.put(process, copy);
        return process;
    }

    private final Map<Process, Thread> copies = new HashMap<>();

    /** Line by line, so that a long-running process's first line can be read while it runs. */
    private static void copyOut(Process process, Path file) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); var out = Files.newBufferedWriter(file)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(line);
                out.newLine();
                out.flush();
            }
        } catch (IOException e) {
            // the process was killed: what it wrote so far is in the file
        }
    }

    /** The first stdout line of a server process (sandbox, worker), once it has printed it. */
    private static String firstLine(Process process, Path folder) throws Exception {
        Path out = folder.resolve("out.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.exists(out)) {
                List<String> lines = Files.readAllLines(out);
                if (!lines.isEmpty()) {
                    return lines.get(0);
                }
            }
            Thread.sleep(100);
        }
        return fail("no first line from %s; stderr: %s", folder.getFileName(),
                Files.readString(folder.resolve("err.txt")));
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

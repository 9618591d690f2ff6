package com.billingengine.batch;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * Remote partitioning with real processes: a served sandbox, two {@code worker} processes of the packaged jar,
 * RabbitMQ on 127.0.0.1:5672 (guest/guest) and PostgreSQL. The month billed by a manager whose partitions ran in the
 * workers is byte for byte the month billed with local threads, and the workers, not the manager, ran them.
 */
class RemotePartitioningIT {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String PERIOD = "2026-10";
    private static final int PAYERS = 4;
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
    private static final Pattern PAYER_DONE = Pattern.compile("payer (\\d{12}): \\d+ cost lines");

    private final String suffix = Long.toHexString(System.nanoTime());
    private final String localDb = "remote_local_" + suffix;
    private final String remoteDb = "remote_remote_" + suffix;
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
    void twoWorkerProcessesBillTheSameBytesAsLocalThreads() throws Exception {
        Path csv = dir.resolve("payers.csv");
        Process sandbox = start(dir.resolve("sandbox"), Map.of(), "--sandbox-payers", String.valueOf(PAYERS),
                "sandbox", "serve", "--port", "0", "--payers-csv", csv.toString());
        Matcher listening = LISTENING.matcher(firstLine(sandbox, dir.resolve("sandbox")));
        assertThat(listening.find()).isTrue();
        String endpoint = listening.group(1);

        Map<String, String> remote = Map.of("BILLING_JOB_PARTITIONING", "remote", "BILLING_JOB_QUEUE", queue,
                "SPRING_RABBITMQ_HOST", "127.0.0.1", "SPRING_RABBITMQ_PORT", "5672",
                "SPRING_RABBITMQ_USERNAME", "guest", "SPRING_RABBITMQ_PASSWORD", "guest");
        for (String db : List.of(localDb, remoteDb)) {
            Result imported = run(dir.resolve("import-" + db), Map.of(), global(db, endpoint, "payers", "import",
                    csv.toString()));
            assertThat(imported.exit()).as(imported.toString()).isZero();
        }
        List<Path> workers = List.of(dir.resolve("worker-1"), dir.resolve("worker-2"));
        for (Path worker : workers) {
            Process process = start(worker, remote, global(remoteDb, endpoint, "worker"));
            assertThat(firstLine(process, worker)).contains("worker: taking partitions from queue " + queue);
        }

        Result manager = run(dir.resolve("manager"), remote, global(remoteDb, endpoint, "run", "--period", PERIOD));
        assertThat(manager.exit()).as(manager.toString()).isZero();
        Result local = run(dir.resolve("local"), Map.of(), global(localDb, endpoint, "run", "--period", PERIOD));
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

    private static Set<String> payersIn(String log) {
        Set<String> payers = new TreeSet<>();
        Matcher m = PAYER_DONE.matcher(log);
        while (m.find()) {
            payers.add(m.group(1));
        }
        return payers;
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    private Result run(Path folder, Map<String, String> env, String... args) throws Exception {
        Process process = builder(folder, env, args).redirectOutput(folder.resolve("out.txt").toFile()).start();
        processes.add(process);
        int exit = process.waitFor();
        return new Result(exit, Files.readString(folder.resolve("out.txt")), Files.readString(folder.resolve("err.txt")));
    }

    private Process start(Path folder, Map<String, String> env, String... args) throws IOException {
        Process process = builder(folder, env, args).start();
        processes.add(process);
        return process;
    }

    private ProcessBuilder builder(Path folder, Map<String, String> env, String... args) throws IOException {
        Files.createDirectories(folder);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", Path.of(System.getProperty("billing.jar")).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
                .redirectError(folder.resolve("err.txt").toFile());
        Map<String, String> environment = new HashMap<>(env);
        builder.environment().keySet().removeIf(k -> k.startsWith("BILLING_") || k.startsWith("SPRING_"));
        builder.environment().putAll(environment);
        return builder;
    }

    private static String firstLine(Process process, Path folder) throws IOException {
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(line).as("first line; stderr: %s", Files.readString(folder.resolve("err.txt"))).isNotNull();
        return line;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

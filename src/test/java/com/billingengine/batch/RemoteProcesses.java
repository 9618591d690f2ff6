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

import com.rabbitmq.client.ConnectionFactory;

/**
 * The real processes of a remote-partitioning test, each a {@code java -jar} of the packaged engine in a folder of
 * its own (out.txt, err.txt, data/): a served sandbox, payer imports, workers, managers, local runs. Two PostgreSQL
 * databases (one for the remote run, one for the same month with local threads) and a RabbitMQ queue of the test's
 * own; closing kills every process still running and drops databases and queue.
 */
final class RemoteProcesses implements AutoCloseable {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String PERIOD = "2026-10";
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");

    final String localDb;
    final String remoteDb;
    final String queue = "billing.partitions.it-" + UUID.randomUUID();
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final Map<Process, Thread> copies = new HashMap<>();

    /** Creates the test's two databases, named {@code prefix_local_…} and {@code prefix_remote_…}. */
    RemoteProcesses(Path dir, String prefix) throws SQLException {
        this.dir = dir;
        String suffix = Long.toHexString(System.nanoTime());
        localDb = prefix + "_local_" + suffix;
        remoteDb = prefix + "_remote_" + suffix;
        execute("CREATE DATABASE " + localDb);
        execute("CREATE DATABASE " + remoteDb);
    }

    @Override
    public void close() throws Exception {
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

    /** Serves the sandbox with these options; its healthy payers go to payers.csv. Returns its endpoint. */
    String serveSandbox(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("sandbox", "serve", "--port", "0", "--payers-csv", payersCsv().toString()));
        Process sandbox = start(dir.resolve("sandbox"), Map.of(), args.toArray(String[]::new));
        Matcher listening = LISTENING.matcher(firstLine(sandbox, dir.resolve("sandbox")));
        assertThat(listening.find()).isTrue();
        return listening.group(1);
    }

    Path payersCsv() {
        return dir.resolve("payers.csv");
    }

    /** The served sandbox's payers into each database, side by side, then validated (the README's flow). */
    void importPayers(String endpoint, String... databases) throws Exception {
        for (String[] command : List.of(new String[] {"import", "payers", "import", payersCsv().toString()},
                new String[] {"validate", "payers", "validate", "--pending"})) {
            Map<Path, Process> steps = new LinkedHashMap<>();
            for (String db : databases) {
                Path out = dir.resolve(command[0] + "-" + db);
                steps.put(out, start(out, Map.of(), global(db, endpoint,
                        java.util.Arrays.copyOfRange(command, 1, command.length))));
            }
            for (Map.Entry<Path, Process> i : steps.entrySet()) {
                int exit = i.getValue().waitFor();
                drained(i.getValue());
                assertThat(exit).as(output(i.getKey())).isZero();
            }
        }
    }

    /** Remote partitioning on the test's queue, the broker on 127.0.0.1:5672, and {@code more}. */
    Map<String, String> remoteEnv(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("BILLING_JOB_PARTITIONING", "remote", "BILLING_JOB_QUEUE",
                queue, "SPRING_RABBITMQ_HOST", "127.0.0.1", "SPRING_RABBITMQ_PORT", "5672",
                "SPRING_RABBITMQ_USERNAME", "guest", "SPRING_RABBITMQ_PASSWORD", "guest"));
        env.putAll(more);
        return env;
    }

    String[] global(String db, String endpoint, String... command) {
        List<String> args = new ArrayList<>(List.of("--data-dir", "data", "--db-url", SERVER + db, "--db-user",
                "postgres", "--aws-endpoint", endpoint, "--auth-mode", "sandbox", "--config",
                Path.of("jobs/examples/sandbox-billing.yml").toAbsolutePath().toString()));
        args.addAll(List.of(command));
        return args.toArray(String[]::new);
    }

    static Path export(Path folder, String file) {
        return folder.resolve("data/exports/" + PERIOD + "/rev-1/" + file);
    }

    static String log(Path folder) throws IOException {
        Path log = folder.resolve("data/logs/billing-engine.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    static String output(Path folder) throws IOException {
        return "--- out\n" + Files.readString(folder.resolve("out.txt")) + "\n--- err\n"
                + Files.readString(folder.resolve("err.txt"));
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    Result run(Path folder, Map<String, String> env, String... args) throws Exception {
        Process process = start(folder, env, args);
        int exit = process.waitFor();
        drained(process);
        return new Result(exit, Files.readString(folder.resolve("out.txt")),
                Files.readString(folder.resolve("err.txt")));
    }

    /** Output to out.txt and err.txt of the folder; the first stdout line is also readable from the process. */
    Process start(Path folder, Map<String, String> env, String... args) throws IOException {
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

    /** Waits until everything an ended process printed is in its out.txt. */
    void drained(Process process) throws InterruptedException {
        copies.get(process).join();
    }

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
    static String firstLine(Process process, Path folder) throws Exception {
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

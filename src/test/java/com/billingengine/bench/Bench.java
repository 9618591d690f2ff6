package com.billingengine.bench;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.opencsv.CSVWriter;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Java half of {@code scripts/benchmark}; prints JSON for the script. It lives in test scope so the engine's jar
 * never ships it, and it talks to the database with plain JDBC only: it is the yardstick, not the engine.
 * <ul>
 * <li>{@code create-database URL USER}: a fresh {@code billing_bench_…} database on that PostgreSQL server.</li>
 * <li>{@code drop-database URL USER BENCH_URL}: drops a database create-database made.</li>
 * <li>{@code floor URL USER PERIOD REVISION}: per payer, the run's cost lines, groups (distinct day × account ×
 * service) and lines per record type, and the sandbox's Cost Explorer page size.</li>
 * <li>{@code baseline URL USER LINES PAYERS ACCOUNTS SERVICES OUT_DIR}: the plain data path (below).</li>
 * <li>{@code delete-queue QUEUE}: deletes a benchmark run's partition queue from RabbitMQ (broker from
 * {@code SPRING_RABBITMQ_HOST}, {@code _PORT}, {@code _USERNAME}, {@code _PASSWORD}, Spring's defaults otherwise).</li>
 * </ul>
 * The password, if any, comes from {@code BILLING_DB_PASSWORD}, as for the engine.
 */
public final class Bench {

    /** Rows per commit in the baseline, as a plain JDBC loop would do it. */
    static final int BASELINE_COMMIT_ROWS = 500;
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String[] RECORD_TYPES = {"Usage", "Tax", "Credit", "Refund", "SavingsPlanCoveredUsage"};

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Object result = switch (args.length == 0 ? "" : args[0]) {
            case "create-database" -> createDatabase(args[1], args[2]);
            case "drop-database" -> dropDatabase(args[1], args[2], args[3]);
            case "floor" -> {
                try (Connection c = connect(args[1], args[2])) {
                    yield floor(c, args[3], Integer.parseInt(args[4]));
                }
            }
            case "baseline" -> {
                try (Connection c = connect(args[1], args[2])) {
                    yield baseline(c, Long.parseLong(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                            Integer.parseInt(args[6]), Path.of(args[7]));
                }
            }
            case "delete-queue" -> deleteQueue(args[1]);
            default -> throw new IllegalArgumentException(
                    "usage: Bench create-database|drop-database|floor|baseline|delete-queue …");
        };
        System.out.println(JSON.writeValueAsString(result));
    }

    static Connection connect(String url, String user) throws SQLException {
        String password = System.getenv().getOrDefault("BILLING_DB_PASSWORD", "");
        return DriverManager.getConnection(url, user, password);
    }

    /** The durable queue a remote benchmark run declared: gone after the run, so runs never accumulate queues. */
    static Map<String, Object> deleteQueue(String queue) throws Exception {
        if (!queue.startsWith("billing.partitions.bench-")) {
            throw new IllegalArgumentException("refusing to delete " + queue + ": not a benchmark queue");
        }
        Map<String, String> env = System.getenv();
        com.rabbitmq.client.ConnectionFactory rabbit = new com.rabbitmq.client.ConnectionFactory();
        rabbit.setHost(env.getOrDefault("SPRING_RABBITMQ_HOST", "localhost"));
        rabbit.setPort(Integer.parseInt(env.getOrDefault("SPRING_RABBITMQ_PORT", "5672")));
        rabbit.setUsername(env.getOrDefault("SPRING_RABBITMQ_USERNAME", "guest"));
        rabbit.setPassword(env.getOrDefault("SPRING_RABBITMQ_PASSWORD", "guest"));
        try (var connection = rabbit.newConnection(); var channel = connection.createChannel()) {
            channel.queueDelete(queue);
        }
        return Map.of("deleted", queue);
    }

    /** A new database beside the one the URL names; the URL of the new one. */
    static Map<String, Object> createDatabase(String url, String user) throws SQLException {
        String name = "billing_bench_" + Long.toHexString(System.nanoTime());
        try (Connection c = connect(url, user); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return Map.of("url", serverOf(url) + name);
    }

    static Map<String, Object> dropDatabase(String url, String user, String benchUrl) throws SQLException {
        String name = benchUrl.substring(serverOf(benchUrl).length()).replaceAll("[?;].*", "");
        if (!name.startsWith("billing_bench_")) {
            throw new IllegalArgumentException("refusing to drop " + name + ": not a benchmark database");
        }
        try (Connection c = connect(url, user); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
        return Map.of("dropped", name);
    }

    /** jdbc:postgresql://host:port/ of a URL. */
    static String serverOf(String url) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        if (!url.startsWith("jdbc:postgresql://") || slash < 0) {
            throw new IllegalArgumentException("not a PostgreSQL URL with a database: " + url);
        }
        return url.substring(0, slash + 1);
    }

    /**
     * What Cost Explorer had to send for the run: per payer its cost lines, its groups (distinct day × account ×
     * service: one query per payer without a record-type filter would page through exactly these) and its lines
     * per record type (what the engine's one-query-per-record-type plan pages through).
     */
    static Map<String, Object> floor(Connection c, String period, int revision) throws SQLException {
        Map<String, Map<String, Object>> payers = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT payer_account_id, COUNT(*) FROM (SELECT DISTINCT "
                + "payer_account_id, usage_date, account_id, service FROM cost_line WHERE billing_period = ? AND "
                + "revision = ?) g GROUP BY payer_account_id")) {
            ps.setString(1, period);
            ps.setInt(2, revision);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    payers.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put("groups", rs.getLong(2));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT payer_account_id, record_type, COUNT(*) FROM cost_line "
                + "WHERE billing_period = ? AND revision = ? GROUP BY payer_account_id, record_type")) {
            ps.setString(1, period);
            ps.setInt(2, revision);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> payer = payers.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>());
                    payer.merge("lines", rs.getLong(3), (a, b) -> (Long) a + (Long) b);
                    @SuppressWarnings("unchecked")
                    Map<String, Long> byType = (Map<String, Long>) payer.computeIfAbsent("recordTypes",
                            k -> new TreeMap<String, Long>());
                    byType.put(rs.getString(2), rs.getLong(3));
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("pageSize", sandboxPageSize());
        result.put("payers", payers);
        return result;
    }

    /** The sandbox's Cost Explorer page size, read from the sandbox itself so the floor follows it if it changes. */
    static int sandboxPageSize() {
        try {
            var field = Class.forName("com.billingengine.sandbox.CostExplorerApi").getDeclaredField("PAGE_SIZE");
            field.setAccessible(true);
            return field.getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the sandbox's CostExplorerApi.PAGE_SIZE: " + e, e);
        }
    }

    /**
     * The plain data path the engine is measured against, single-threaded: Cost Explorer-shaped JSON pages (500
     * groups, DAILY, keyed by account and service) written and parsed with Jackson, amounts as BigDecimal, 500-row
     * upserts per commit by natural key into a table shaped like cost_line in the same database, one SQL sum per
     * payer × account × service × record type (a single GROUP BY), written with opencsv. The times of each part.
     */
    static Map<String, Object> baseline(Connection c, long lines, int payers, int accounts, int services, Path out)
            throws SQLException, IOException {
        boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS baseline_cost_line");
            s.execute("CREATE TABLE baseline_cost_line (payer_account_id VARCHAR(12) NOT NULL, account_id VARCHAR(12) "
                    + "NOT NULL, service VARCHAR(512) NOT NULL, usage_date DATE NOT NULL, record_type VARCHAR(64) NOT "
                    + "NULL, unblended_cost DECIMAL(38, 18) NOT NULL, net_unblended_cost DECIMAL(38, 18) NOT NULL, "
                    + "PRIMARY KEY (payer_account_id, account_id, service, usage_date, record_type))");
        }
        String columns = "payer_account_id, account_id, service, usage_date, record_type, unblended_cost, "
                + "net_unblended_cost";
        String upsert = postgres
                ? "INSERT INTO baseline_cost_line (" + columns + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
                        + "(payer_account_id, account_id, service, usage_date, record_type) DO UPDATE SET "
                        + "unblended_cost = EXCLUDED.unblended_cost, net_unblended_cost = EXCLUDED.net_unblended_cost"
                : "MERGE INTO baseline_cost_line (" + columns + ") KEY (payer_account_id, account_id, service, "
                        + "usage_date, record_type) VALUES (?, ?, ?, ?, ?, ?, ?)";
        c.setAutoCommit(false);
        long start = System.nanoTime();
        long generate = 0;
        long parse = 0;
        long store = 0;
        long rows = 0;
        long pages = 0;
        Random random = new Random(42);
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
            int pending = 0;
            for (int p = 0; p < payers; p++) {
                String payer = String.format("%012d", 900_000_000_000L + p);
                long quota = lines / payers + (p < lines % payers ? 1 : 0);
                for (long offset = 0; offset < quota; offset += 500) {
                    long t0 = System.nanoTime();
                    byte[] page = page(payer, offset, Math.min(500, quota - offset), accounts, services, random);
                    long t1 = System.nanoTime();
                    generate += t1 - t0;
                    pages++;
                    JsonNode response = JSON.readTree(page);
                    List<Object[]> parsed = new ArrayList<>();
                    for (JsonNode result : response.get("ResultsByTime")) {
                        LocalDate day = LocalDate.parse(result.get("TimePeriod").get("Start").asString());
                        for (JsonNode group : result.get("Groups")) {
                            JsonNode metrics = group.get("Metrics");
                            parsed.add(new Object[] {group.get("Keys").get(0).asString(),
                                group.get("Keys").get(1).asString(), day, result.get("RecordType").asString(),
                                new BigDecimal(metrics.get("UnblendedCost").get("Amount").asString()),
                                new BigDecimal(metrics.get("NetUnblendedCost").get("Amount").asString())});
                        }
                    }
                    long t2 = System.nanoTime();
                    parse += t2 - t1;
                    for (Object[] row : parsed) {
                        ps.setString(1, payer);
                        ps.setString(2, (String) row[0]);
                        ps.setString(3, (String) row[1]);
                        ps.setObject(4, row[2]);
                        ps.setString(5, (String) row[3]);
                        ps.setBigDecimal(6, (BigDecimal) row[4]);
                        ps.setBigDecimal(7, (BigDecimal) row[5]);
                        ps.addBatch();
                        rows++;
                        if (++pending == BASELINE_COMMIT_ROWS) {
                            ps.executeBatch();
                            c.commit();
                            pending = 0;
                        }
                    }
                    store += System.nanoTime() - t2;
                }
            }
            long t = System.nanoTime();
            ps.executeBatch();
            c.commit();
            store += System.nanoTime() - t;
        }
        long t3 = System.nanoTime();
        long sums = 0;
        Files.createDirectories(out);
        try (Writer file = Files.newBufferedWriter(out.resolve("baseline-sums.csv"), StandardCharsets.UTF_8);
                CSVWriter csv = new CSVWriter(file);
                Statement s = c.createStatement()) {
            s.setFetchSize(1000);
            csv.writeNext(new String[] {"payer", "account", "service", "record_type", "unblended_cost"});
            try (ResultSet rs = s.executeQuery("SELECT payer_account_id, account_id, service, record_type, "
                    + "SUM(unblended_cost) FROM baseline_cost_line GROUP BY payer_account_id, account_id, service, "
                    + "record_type ORDER BY payer_account_id, account_id, service, record_type")) {
                while (rs.next()) {
                    csv.writeNext(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBigDecimal(5).toPlainString()});
                    sums++;
                }
            }
        }
        c.commit();
        long end = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE baseline_cost_line");
        }
        c.commit();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rows", rows);
        result.put("pages", pages);
        result.put("sums", sums);
        result.put("seconds", (end - start) / 1e9);
        result.put("generateJsonSeconds", generate / 1e9);
        result.put("parseJsonSeconds", parse / 1e9);
        result.put("upsertSeconds", store / 1e9);
        result.put("sumAndCsvSeconds", (end - t3) / 1e9);
        return result;
    }

    /**
     * One Cost Explorer-shaped page: up to 500 groups of one payer from position {@code offset} of its month, in
     * (record type, day, account, service) order, one ResultsByTime entry per day. The record type rides along in
     * each entry (the real API filters on it instead), so the page is self-contained.
     */
    static byte[] page(String payer, long offset, long count, int accounts, int services, Random random) {
        ObjectNode response = JSON.createObjectNode();
        ArrayNode definitions = response.putArray("GroupDefinitions");
        definitions.addObject().put("Type", "DIMENSION").put("Key", "LINKED_ACCOUNT");
        definitions.addObject().put("Type", "DIMENSION").put("Key", "SERVICE");
        ArrayNode results = response.putArray("ResultsByTime");
        long perDay = (long) accounts * services;
        ObjectNode result = null;
        long currentBucket = -1;
        for (long k = offset; k < offset + count; k++) {
            long bucket = k / perDay;
            if (bucket != currentBucket) {
                currentBucket = bucket;
                LocalDate day = LocalDate.of(2026, 10, 1).plusDays(bucket % 31);
                result = results.addObject();
                result.putObject("TimePeriod").put("Start", day.toString()).put("End", day.plusDays(1).toString());
                result.put("RecordType", RECORD_TYPES[(int) (bucket / 31 % RECORD_TYPES.length)]);
                result.putObject("Total");
                result.putArray("Groups");
                result.put("Estimated", false);
            }
            long cell = k % perDay;
            ObjectNode group = ((ArrayNode) result.get("Groups")).addObject();
            group.putArray("Keys").add(String.format("%012d", 100_000_000_000L + cell / services))
                    .add("Service " + payer.substring(9) + "-" + cell % services);
            ObjectNode metrics = group.putObject("Metrics");
            BigDecimal amount = BigDecimal.valueOf(random.nextLong(1_000_000_000_000L), 10);
            metrics.putObject("UnblendedCost").put("Amount", amount.toPlainString()).put("Unit", "USD");
            metrics.putObject("NetUnblendedCost").put("Amount", amount.multiply(new BigDecimal("0.97")).toPlainString())
                    .put("Unit", "USD");
        }
        response.putArray("DimensionValueAttributes");
        response.put("NextPageToken", payer + "|" + (offset + count));
        return JSON.writeValueAsBytes(response);
    }
}

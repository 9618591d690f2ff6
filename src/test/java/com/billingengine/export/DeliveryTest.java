package com.billingengine.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.MotoServer;
import com.billingengine.cli.Cli;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * erpDelivery end to end through the command line: a sandbox month delivered to moto's S3 (the engine's own
 * credentials from the SDK's default chain, here system properties) and to a real SFTP server (MINA SSHD on a
 * loopback port): every file of the manifest and the manifest arrive with their SHA-256; a delivery that failed
 * after the first file sends only the rest on restart; a wrong host key fails the job and nothing is delivered.
 */
class DeliveryTest {

    static final String PERIOD = "2026-10";
    static final String BUCKET = "erp-drop";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path work;

    static MotoServer moto;
    static S3Client s3;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start(work);
        // the engine's own account: the default chain finds these first
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        s3 = S3Client.builder().endpointOverride(URI.create(moto.endpoint())).forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
        s3.createBucket(r -> r.bucket(BUCKET));
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (s3 != null) {
            s3.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void theFilesAndTheirChecksumsArriveAtS3AndSftpAndStatusShowsTheReceipts() throws Exception {
        Path dir = Files.createDirectories(work.resolve("both"));
        try (TestSftpServer sftp = new TestSftpServer(dir.resolve("sftp-root"), "unused")) {
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"), sftp.knownHostsLine(sftp.hostKey));
            Path key = dir.resolve("id_ecdsa");
            sftp.writeClientKey(key);
            Path config = config(dir, List.of("s3://" + BUCKET + "/invoices/acme", sftpUrl(sftp)),
                    "    known-hosts: " + knownHosts + "\n    identity-file: " + key + "\n");

            Cli.Result run = Cli.sandbox(dir.resolve("data"), "--config", config.toString(), "run", "--period", PERIOD);

            assertThat(run.exitCode()).as(run.toString()).isZero();
            Path published = dir.resolve("data/exports").resolve(PERIOD).resolve("rev-1");
            Map<String, String> expected = expectedFiles(published);
            assertThat(expected).containsKeys("invoice-lines.csv", "invoices.xml", "focus.csv", "manifest.json");

            Map<String, String> atS3 = new LinkedHashMap<>();
            for (S3Object object : s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("invoices/acme/")).contents()) {
                ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(object.key()));
                atS3.put(object.key(), sha256(bytes.asByteArray()));
            }
            Map<String, String> expectedAtS3 = new LinkedHashMap<>();
            expected.forEach((name, sha) -> expectedAtS3.put("invoices/acme/" + PERIOD + "/rev-1/" + name, sha));
            assertThat(atS3).containsExactlyInAnyOrderEntriesOf(expectedAtS3);

            assertThat(filesAt(sftp.root.resolve("drop").resolve(PERIOD).resolve("rev-1")))
                    .containsExactlyInAnyOrderEntriesOf(expected);
            assertThat(sftp.uploads.get()).isEqualTo(expected.size());

            Cli.Result status = Cli.run("--data-dir", dir.resolve("data").toString(), "status", "--json");
            assertThat(status.exitCode()).as(status.toString()).isZero();
            JsonNode revision = JSON.readTree(status.out()).get(0);
            List<String> steps = new ArrayList<>();
            revision.get("steps").forEach(s -> steps.add(s.get("name").asText()));
            assertThat(steps).endsWith("erpExport", "financeReport", "erpDelivery");
            List<String> receipts = new ArrayList<>();
            for (JsonNode r : revision.get("deliveries")) {
                assertThat(r.get("sha256").asText()).isEqualTo(expected.get(r.get("file").asText()));
                assertThat(r.get("size").asLong()).isEqualTo(Files.size(published.resolve(r.get("file").asText())));
                assertThat(r.get("sent").asBoolean()).isTrue();
                assertThat(r.get("deliveredAt").asText()).isNotBlank();
                receipts.add(r.get("target").asText() + " " + r.get("file").asText());
            }
            assertThat(receipts).hasSize(2 * expected.size()).contains(
                    "s3://" + BUCKET + "/invoices/acme manifest.json", sftpUrl(sftp) + " invoices.xml");
            Cli.Result text = Cli.run("--data-dir", dir.resolve("data").toString(), "status", "--period", PERIOD);
            assertThat(text.out()).contains("erpDelivery", "delivered " + sftpUrl(sftp) + "  invoice-lines.csv  "
                    + Files.size(published.resolve("invoice-lines.csv")) + " bytes  sha256 "
                    + expected.get("invoice-lines.csv"));
        }
    }

    @Test
    void aDeliveryThatFailedAfterItsFirstFileSendsOnlyTheRestWhenRestarted() throws Exception {
        Path dir = Files.createDirectories(work.resolve("restart"));
        try (TestSftpServer sftp = new TestSftpServer(dir.resolve("sftp-root"), "s3cret-Pa55")) {
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"), sftp.knownHostsLine(sftp.hostKey));
            Path password = Files.writeString(dir.resolve("sftp-password"), sftp.password + "\n");
            Path config = config(dir, List.of("s3://" + BUCKET + "/restart", sftpUrl(sftp)),
                    "    known-hosts: " + knownHosts + "\n    password-file: " + password + "\n");
            sftp.refuseAfter = 1;

            Cli.Result failed = Cli.sandbox(dir.resolve("data"), "--config", config.toString(), "run", "--period",
                    PERIOD);

            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
            assertThat(failed.out() + failed.err()).contains("erpDelivery");
            Path delivered = sftp.root.resolve("drop").resolve(PERIOD).resolve("rev-1");
            assertThat(filesAt(delivered)).hasSize(1).containsKey("invoice-lines.csv");
            assertThat(sftp.uploads.get()).isEqualTo(1);
            JsonNode before = status(dir);
            assertThat(before.get("status").asText()).isEqualTo("FAILED");
            // S3, the first target, holds every file and says so; the SFTP target has no receipt yet
            assertThat(targets(before)).containsOnly("s3://" + BUCKET + "/restart");

            sftp.refuseAfter = -1;
            sftp.uploads.set(0);
            Cli.Result restart = Cli.sandbox(dir.resolve("data"), "--config", config.toString(), "restart",
                    "--period", PERIOD);

            assertThat(restart.exitCode()).as(restart.toString()).isZero();
            Map<String, String> expected = expectedFiles(dir.resolve("data/exports").resolve(PERIOD).resolve("rev-1"));
            assertThat(filesAt(delivered)).containsExactlyInAnyOrderEntriesOf(expected);
            assertThat(sftp.uploads.get()).as("uploads after the restart").isEqualTo(expected.size() - 1);
            JsonNode after = status(dir);
            Map<String, Boolean> sent = new LinkedHashMap<>();
            after.get("deliveries").forEach(r -> sent.put(r.get("target").asText() + " " + r.get("file").asText(),
                    r.get("sent").asBoolean()));
            assertThat(sent).hasSize(2 * expected.size())
                    .containsEntry(sftpUrl(sftp) + " invoice-lines.csv", false)
                    .containsEntry(sftpUrl(sftp) + " invoices.xml", true)
                    .containsEntry(sftpUrl(sftp) + " manifest.json", true)
                    // S3 already held all of them: nothing sent again
                    .containsEntry("s3://" + BUCKET + "/restart invoice-lines.csv", false)
                    .containsEntry("s3://" + BUCKET + "/restart manifest.json", false);
        }
    }

    @Test
    void aWrongHostKeyIsRefusedTheJobFailsAndNothingIsDelivered() throws Exception {
        Path dir = Files.createDirectories(work.resolve("wrong-key"));
        try (TestSftpServer sftp = new TestSftpServer(dir.resolve("sftp-root"), "s3cret-Pa55")) {
            // known_hosts names another key for this host and port: a server that is not the one we know
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"), sftp.knownHostsLine(sftp.clientKey));
            Path password = Files.writeString(dir.resolve("sftp-password"), sftp.password);
            Path config = config(dir, List.of(sftpUrl(sftp)),
                    "    known-hosts: " + knownHosts + "\n    password-file: " + password + "\n");

            Cli.Result run = Cli.sandbox(dir.resolve("data"), "--config", config.toString(), "run", "--period", PERIOD);

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            // the run's summary names the failed step and why
            assertThat(run.out()).contains("erpDelivery", sftpUrl(sftp), "host key", "does not match",
                    knownHosts.toString(), "refused");
            assertThat(run.out() + run.err()).doesNotContain(sftp.password);
            assertThat(sftp.uploads.get()).isZero();
            assertThat(filesAt(sftp.root)).isEmpty();
            JsonNode status = status(dir);
            assertThat(status.get("status").asText()).isEqualTo("FAILED");
            assertThat(status.get("deliveries")).isEmpty();
            JsonNode last = status.get("steps").get(status.get("steps").size() - 1);
            assertThat(last.get("name").asText()).isEqualTo("erpDelivery");
            assertThat(last.get("status").asText()).isEqualTo("FAILED");
            assertThat(last.get("exitMessage").asText()).contains("does not match");
        }
    }

    /**
     * Fencing of delivery: the SFTP server holds the delivery's first request while the lease is taken over as
     * another host's restart does (another owner, fresh), as in LeaseFenceTest. The process that lost its lease then
     * sends nothing to either target: exit 3 with the fence's one line, no upload, no receipt.
     */
    @Test
    void aProcessThatLostItsLeaseBeforeDeliveringDeliversNothing() throws Exception {
        Path dir = Files.createDirectories(work.resolve("fenced"));
        try (TestSftpServer sftp = new TestSftpServer(dir.resolve("sftp-root"), "s3cret-Pa55")) {
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"), sftp.knownHostsLine(sftp.hostKey));
            Path password = Files.writeString(dir.resolve("sftp-password"), sftp.password);
            Path config = config(dir, List.of(sftpUrl(sftp), "s3://" + BUCKET + "/fenced"),
                    "    known-hosts: " + knownHosts + "\n    password-file: " + password + "\n");
            Path data = dir.resolve("data");
            CountDownLatch delivering = new CountDownLatch(1);
            CountDownLatch takenOver = new CountDownLatch(1);
            sftp.beforeFirstRequest = () -> {
                delivering.countDown();
                try {
                    takenOver.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.sandbox(data, "--config",
                    config.toString(), "run", "--period", PERIOD));
            try {
                while (!delivering.await(50, TimeUnit.MILLISECONDS)) {
                    if (run.isDone()) {
                        throw new AssertionError("the run ended before it delivered: " + run.get());
                    }
                }
                // what another host's `restart` does once the lease expired here
                try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("db/billing")
                        + ";AUTO_SERVER=TRUE", "sa", ""); Statement s = c.createStatement()) {
                    s.execute("UPDATE billing_run SET owner_id = 'owner-on-another-host', host = 'billing-agent-7',"
                            + " pid = 4242, lease_expires_at = CURRENT_TIMESTAMP + INTERVAL '10' MINUTE");
                }
            } finally {
                takenOver.countDown();
            }

            Cli.Result fenced = run.get(3, TimeUnit.MINUTES);
            assertThat(fenced.exitCode()).as(fenced.toString()).isEqualTo(3);
            assertThat(fenced.err()).contains("lost its lease", "billing-agent-7 pid 4242", "status --period " + PERIOD);
            assertThat(fenced.err().lines().filter(l -> !l.isBlank())).as("one line, no trace").hasSize(1);
            assertThat(sftp.uploads.get()).as("SFTP uploads").isZero();
            assertThat(filesAt(sftp.root)).as("files at the SFTP server").isEmpty();
            assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("fenced/")).contents()).as("objects at S3")
                    .isEmpty();
            assertThat(status(dir).get("deliveries")).as("receipts").isEmpty();
        }
    }

    @Test
    void receiptsAreRecordedAndShownOnPostgres() throws Exception {
        Path dir = Files.createDirectories(work.resolve("postgres"));
        String server = "jdbc:postgresql://127.0.0.1:5432/";
        String database = "billing_delivery_" + Long.toHexString(System.nanoTime());
        try (TestSftpServer sftp = new TestSftpServer(dir.resolve("sftp-root"), "s3cret-Pa55")) {
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"), sftp.knownHostsLine(sftp.hostKey));
            Path password = Files.writeString(dir.resolve("sftp-password"), sftp.password);
            Path config = config(dir, List.of(sftpUrl(sftp)),
                    "    known-hosts: " + knownHosts + "\n    password-file: " + password + "\n");
            postgres(server, "CREATE DATABASE " + database);
            try {
                String[] global = {"--data-dir", dir.resolve("data").toString(), "--db-url", server + database,
                        "--db-user", "postgres", "--config", config.toString()};
                Cli.Result run = Cli.run(concat(global, "--sandbox", "run", "--period", PERIOD));
                assertThat(run.exitCode()).as(run.toString()).isZero();
                Cli.Result status = Cli.run(concat(global, "status", "--json"));
                assertThat(status.exitCode()).as(status.toString()).isZero();
                Map<String, String> expected = expectedFiles(dir.resolve("data/exports").resolve(PERIOD)
                        .resolve("rev-1"));
                Map<String, String> receipts = new LinkedHashMap<>();
                JSON.readTree(status.out()).get(0).get("deliveries").forEach(r -> receipts.put(
                        r.get("file").asText(), r.get("sha256").asText()));
                assertThat(receipts).containsExactlyInAnyOrderEntriesOf(expected);
            } finally {
                postgres(server, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    private static void postgres(String server, String sql) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(server + "postgres", "postgres", "");
                var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    @Test
    void withApprovalRequiredNothingIsDeliveredUntilApproveWhichDeliversTheApprovedRevision() throws Exception {
        Path dir = Files.createDirectories(work.resolve("approval"));
        Path config = Files.writeString(dir.resolve("approval.yml"), "billing:\n  export:\n    s3-endpoint: "
                + moto.endpoint() + "\n    approval: required\n    delivery:\n      - s3://" + BUCKET + "/approved\n");
        Path data = dir.resolve("data");

        Cli.Result run = Cli.sandbox(data, "--config", config.toString(), "run", "--period", PERIOD);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("approved/")).contents())
                .as("delivered before approve").isEmpty();
        JsonNode awaiting = JSON.readTree(Cli.run("--data-dir", data.toString(), "status", "--json").out()).get(0);
        assertThat(awaiting.get("deliveries")).isEmpty();

        Cli.Result approve = Cli.run("--data-dir", data.toString(), "--config", config.toString(), "approve",
                "--period", PERIOD, "--revision", "1", "--by", "ana");
        assertThat(approve.exitCode()).as(approve.toString()).isZero();
        Map<String, String> expected = expectedFiles(data.resolve("exports").resolve(PERIOD).resolve("rev-1"));
        assertThat(approve.out()).contains("APPROVED by ana", "delivered to 1 target: " + expected.size()
                + " files sent, 0 already there");
        Map<String, String> atS3 = new LinkedHashMap<>();
        for (S3Object object : s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("approved/")).contents()) {
            atS3.put(object.key(), sha256(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(object.key())).asByteArray()));
        }
        Map<String, String> expectedAtS3 = new LinkedHashMap<>();
        expected.forEach((name, sha) -> expectedAtS3.put("approved/" + PERIOD + "/rev-1/" + name, sha));
        assertThat(atS3).containsExactlyInAnyOrderEntriesOf(expectedAtS3);
        JsonNode approved = JSON.readTree(Cli.run("--data-dir", data.toString(), "status", "--json").out()).get(0);
        assertThat(approved.get("deliveries")).hasSize(expected.size());
        assertThat(approved.get("release").get("state").asText()).isEqualTo("APPROVED");

        Cli.Result again = Cli.run("--data-dir", data.toString(), "--config", config.toString(), "approve",
                "--period", PERIOD, "--revision", "1", "--by", "ana");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(3);
    }

    static String sftpUrl(TestSftpServer sftp) {
        return "sftp://" + TestSftpServer.USER + "@127.0.0.1:" + sftp.port() + "/drop";
    }

    static Path config(Path dir, List<String> targets, String sftpSettings) throws Exception {
        StringBuilder yaml = new StringBuilder("billing:\n  export:\n    s3-endpoint: " + moto.endpoint()
                + "\n    delivery:\n");
        targets.forEach(t -> yaml.append("      - ").append(t).append('\n'));
        yaml.append("    sftp:\n").append(sftpSettings.replace("\n    ", "\n      ").replaceFirst("^    ", "      "));
        return Files.writeString(dir.resolve("delivery.yml"), yaml);
    }

    /** The manifest's files and the manifest, with their SHA-256, as published. */
    static Map<String, String> expectedFiles(Path published) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        for (JsonNode f : JSON.readTree(published.resolve("manifest.json").toFile()).get("files")) {
            files.put(f.get("name").asText(), f.get("sha256").asText());
        }
        files.put("manifest.json", sha256(Files.readAllBytes(published.resolve("manifest.json"))));
        return files;
    }

    /** Every regular file under a folder (partial uploads included) by name, with its SHA-256. */
    static Map<String, String> filesAt(Path folder) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (var paths = Files.walk(folder)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                files.put(p.getFileName().toString(), sha256(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    static JsonNode status(Path dir) {
        Cli.Result status = Cli.run("--data-dir", dir.resolve("data").toString(), "status", "--json");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        return JSON.readTree(status.out()).get(0);
    }

    static List<String> targets(JsonNode status) {
        List<String> targets = new ArrayList<>();
        status.get("deliveries").forEach(r -> targets.add(r.get("target").asText()));
        return targets;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

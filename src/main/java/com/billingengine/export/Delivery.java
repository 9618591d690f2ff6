package com.billingengine.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.billingengine.BillingProperties;
import com.billingengine.identity.EngineAccountClients;
import com.billingengine.period.BillingRun;
import com.billingengine.period.RunOwnership;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a published revision ({@code exports/YYYY-MM/rev-N}) to every {@code billing.export.delivery} target, under
 * {@code YYYY-MM/rev-N/} there: the manifest's files, each checked against the manifest's SHA-256 first, then
 * {@code manifest.json} last, so an ERP that waits for the manifest finds every file it names. A file the target
 * already holds with the right size and SHA-256 is not sent again, so a delivery that failed or was killed part-way
 * sends only the rest when restarted. The erpDelivery step calls it; so can approval, for a given run.
 */
@Service
public class Delivery {

    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    private final JdbcClient jdbc;
    private final BillingProperties properties;
    private final TransactionTemplate ownTransaction;
    private final RunOwnership fence;

    Delivery(JdbcClient jdbc, BillingProperties properties, PlatformTransactionManager transactionManager,
            RunOwnership fence) {
        this.jdbc = jdbc;
        this.fence = fence;
        this.properties = properties;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        // a target's receipts stay recorded even when a later target fails the step
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** What a target holds of a revision: a file, its size and SHA-256, whether this delivery sent it, and when. */
    public record Receipt(String target, String file, long size, String sha256, boolean sent,
            OffsetDateTime deliveredAt) {
    }

    /** Files sent and files found already there, over all targets. */
    public record Delivered(int targets, int sent, int alreadyThere) {

        public String describe() {
            return targets == 0 ? "no delivery configured (billing.export.delivery)"
                    : "delivered to " + targets + " target" + (targets == 1 ? "" : "s") + ": " + sent + " file"
                            + (sent == 1 ? "" : "s") + " sent, " + alreadyThere + " already there";
        }
    }

    /** A file of the published folder with its size and SHA-256. */
    private record LocalFile(Path path, String name, long size, String sha256) {
    }

    /**
     * For the start-up check: the scheme of a {@code billing.export.delivery} entry, {@code s3} or {@code sftp}.
     *
     * @throws IllegalArgumentException saying what is wrong with the entry
     */
    public static String scheme(String target) {
        return DeliveryUrl.parse(target).scheme();
    }

    /** For the start-up check: why a known_hosts file cannot be used, null if it can. */
    public static String unusableKnownHosts(Path file) {
        return SftpTarget.unusableKnownHosts(file);
    }

    /** For the start-up check: why a private key file cannot be used, null if it can. */
    public static String unusableIdentity(Path file) {
        return SftpTarget.unusableIdentity(file);
    }

    /** erpDelivery: each file sent only while this process holds the run's lease. */
    public Delivered deliver(BillingRun run) throws IOException {
        return deliver(run, fence);
    }

    /** {@code fence} asked before each file; `approve` (a person's command, no job and no lease) passes none. */
    Delivered deliver(BillingRun run, RunOwnership fence) throws IOException {
        List<String> targets = properties.export().delivery();
        if (targets == null || targets.isEmpty()) {
            return new Delivered(0, 0, 0);
        }
        Path folder = ErpExport.folder(properties.dataDir().resolve("exports"), run);
        List<LocalFile> files = published(folder);
        int sent = 0;
        int there = 0;
        for (String text : targets) {
            DeliveryUrl url = DeliveryUrl.parse(text);
            List<Receipt> receipts = new ArrayList<>();
            try (DeliveryTarget target = open(url)) {
                for (LocalFile file : files) {
                    String name = run.periodText() + "/rev-" + run.revision() + "/" + file.name();
                    boolean held = target.holds(name, file.size(), file.sha256());
                    if (held) {
                        there++;
                        log.info("{}: {} already holds {} ({} bytes, SHA-256 {})", run, url.text(), name, file.size(),
                                file.sha256());
                    } else {
                        // renewed in a transaction of its own: the lease is this process's for lease-seconds more,
                        // so a process that lost it (frozen, taken over) sends nothing
                        ownTransaction.executeWithoutResult(status -> fence.confirm(run));
                        target.send(file.path(), name, file.size(), file.sha256());
                        sent++;
                        log.info("{}: sent {} to {} ({} bytes, SHA-256 {})", run, name, url.text(), file.size(),
                                file.sha256());
                    }
                    receipts.add(new Receipt(url.text(), file.name(), file.size(), file.sha256(), !held, null));
                }
            }
            record(run, receipts);
        }
        return new Delivered(targets.size(), sent, there);
    }

    private DeliveryTarget open(DeliveryUrl url) throws IOException {
        if (url.sftp()) {
            return SftpTarget.open(url, properties.export().sftp());
        }
        return new S3Target(EngineAccountClients.s3(properties, properties.export().s3Endpoint()), url.text(),
                url.host(), url.path());
    }

    /** The manifest's files as published, each checked against the manifest, and the manifest itself last. */
    private static List<LocalFile> published(Path folder) throws IOException {
        Path manifest = folder.resolve(ErpExport.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new IOException(manifest + ": not found: the revision has not been published (erpExport)");
        }
        JsonNode files = JsonMapper.builder().build().readTree(manifest.toFile()).get("files");
        List<LocalFile> result = new ArrayList<>();
        for (JsonNode entry : files) {
            String name = entry.get("name").asText();
            Path file = folder.resolve(name);
            String sha256 = ErpExport.sha256(file);
            if (!sha256.equals(entry.get("sha256").asText())) {
                throw new IOException(file + ": SHA-256 " + sha256 + " is not the " + entry.get("sha256").asText()
                        + " of manifest.json: the published file changed after erpExport; nothing is delivered");
            }
            result.add(new LocalFile(file, name, Files.size(file), sha256));
        }
        result.add(new LocalFile(manifest, ErpExport.MANIFEST, Files.size(manifest), ErpExport.sha256(manifest)));
        return result;
    }

    private void record(BillingRun run, List<Receipt> receipts) {
        ownTransaction.executeWithoutResult(status -> {
            for (Receipt r : receipts) {
                jdbc.sql("DELETE FROM delivery_receipt WHERE billing_period = ? AND revision = ? AND target = ?"
                        + " AND file_name = ?").params(run.periodText(), run.revision(), r.target(), r.file()).update();
                jdbc.sql("INSERT INTO delivery_receipt (billing_period, revision, target, file_name, size_bytes, sha256,"
                        + " sent, delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)")
                        .params(run.periodText(), run.revision(), r.target(), r.file(), r.size(), r.sha256(), r.sent())
                        .update();
            }
        });
    }

    /** The receipts of a revision, by target (as configured) and file name. */
    public List<Receipt> receipts(BillingRun run) {
        List<Receipt> receipts = new ArrayList<>(jdbc.sql("SELECT target, file_name, size_bytes, sha256, sent,"
                + " delivered_at FROM delivery_receipt WHERE billing_period = ? AND revision = ?")
                .params(run.periodText(), run.revision())
                .query((rs, i) -> new Receipt(rs.getString("target"), rs.getString("file_name"),
                        rs.getLong("size_bytes"), rs.getString("sha256"), rs.getBoolean("sent"),
                        rs.getObject("delivered_at", OffsetDateTime.class)))
                .list());
        // sorted in Java: text order never comes from the database's collation
        receipts.sort(java.util.Comparator.comparing(Receipt::target).thenComparing(Receipt::file));
        return receipts;
    }
}

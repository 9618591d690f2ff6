package com.billingengine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything an operator can set: command-line flags, environment variables (BILLING_DATA_DIR …) and
 * {@code jobs/monthly-billing.yml}. Unknown keys are refused so that a typo never silently falls back to a default.
 */
@ConfigurationProperties(prefix = "billing", ignoreUnknownFields = false)
public record BillingProperties(
        @DefaultValue("./data") Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String awsEndpoint,
        @DefaultValue("entra-id") String authMode,
        Path tokenFile,
        Path config,
        Path exchangeRates,
        Path pricingRules,
        @DefaultValue Identity identity,
        @DefaultValue Aws aws,
        @DefaultValue Job job,
        @DefaultValue Costs costs,
        @DefaultValue Export export,
        Map<String, String> charges,
        @DefaultValue Progress progress,
        @DefaultValue Metrics metrics) {

    /** Made in code (tools, tests) rather than bound, a group left null gets the defaults binding gives it. */
    public BillingProperties {
        job = job != null ? job : new Job(2, 100, 500, 5, 60, "local", "billing.partitions",
                java.time.Duration.ofHours(6));
        costs = costs != null ? costs : new Costs("UnblendedCost", 31, 4);
    }

    /**
     * Who the engine is towards Microsoft Entra ID. The client secret is never a property: it comes from the
     * environment ({@code BILLING_CLIENT_SECRET}) or from {@code secretFile}.
     */
    public record Identity(
            String tenantId,
            String clientId,
            String scope,
            @DefaultValue("https://login.microsoftonline.com/") String authority,
            Path secretFile,
            Path certificateFile,
            Path privateKeyFile,
            Path certificatePasswordFile) {
    }

    /** How the engine talks to AWS. */
    public record Aws(
            @DefaultValue("us-east-1") String region,
            @DefaultValue("10") int maxAttempts,
            @DefaultValue("3600") int sessionDurationSeconds,
            @DefaultValue("60") int apiCallTimeoutSeconds) {
    }

    /**
     * Parallelism and chunk sizes of the monthly job. {@code leaseSeconds}: how long a run's ownership lasts without
     * a heartbeat (renewed every third of it); a run whose process died can be restarted once it has passed.
     * {@code partitioning}: {@code local} runs the per-payer and per-invoice partitions as threads of this process;
     * {@code remote} sends them over RabbitMQ ({@code spring.rabbitmq.*}) on {@code queue} to {@code worker}
     * processes sharing the PostgreSQL job repository. {@code remoteTimeout}: how long a remote manager step waits for
     * its partitions before it fails naming those not finished (all workers gone must not leave the run waiting).
     */
    public record Job(
            @DefaultValue("2") int concurrency,
            @DefaultValue("100") int accountChunkSize,
            @DefaultValue("500") int costChunkSize,
            @DefaultValue("5") int invoiceChunkSize,
            @DefaultValue("60") int leaseSeconds,
            @DefaultValue("local") String partitioning,
            @DefaultValue("billing.partitions") String queue,
            @DefaultValue("6h") java.time.Duration remoteTimeout) {

        public boolean remote() {
            return "remote".equals(partitioning);
        }
    }

    /**
     * What is read from Cost Explorer and how it is billed. {@code queriesPerPayer}: a payer's record-type queries
     * read at a time (each page by page), so a payer takes about its longest query rather than their sum.
     */
    public record Costs(
            @DefaultValue("UnblendedCost") String metric,
            @DefaultValue("31") int windowDays,
            @DefaultValue("4") int queriesPerPayer) {
    }

    /**
     * The ERP files written by erpExport. {@code pauseMs} waits between files: a fault-injection hook that lets
     * process-level tests kill the JVM while an export is part-way; keep it 0. {@code delivery}: where erpDelivery
     * sends a published revision ({@code s3://bucket/prefix}, {@code sftp://user@host[:port]/path}); none: the
     * files stay in the data dir. {@code s3Endpoint}: another S3 endpoint (an emulator such as moto).
     */
    public record Export(@DefaultValue({"csv", "xml", "focus"}) List<String> formats, @DefaultValue("0") long pauseMs,
            @DefaultValue({}) List<String> delivery, String s3Endpoint, @DefaultValue Sftp sftp) {
    }

    /**
     * How erpDelivery signs in to an SFTP target: the server's host key must be in {@code knownHosts}; the user is
     * the URL's, with the private key in {@code identityFile} or the password in {@code passwordFile} (never in the
     * URL, the YAML or on the command line).
     */
    public record Sftp(Path knownHosts, Path identityFile, Path passwordFile,
            @DefaultValue("30") int timeoutSeconds) {
    }

    /** Progress of long steps: a live line on a terminal, else a log line at most every {@code intervalSeconds}. */
    public record Progress(@DefaultValue("10") int intervalSeconds) {
    }

    /**
     * Run metrics in Prometheus text format, written at the end of every run: {@code textfile} for node_exporter's
     * textfile collector, {@code pushgatewayUrl} (e.g. {@code http://pushgateway:9091}) for a Pushgateway.
     */
    public record Metrics(Path textfile, java.net.URI pushgatewayUrl) {
    }
}

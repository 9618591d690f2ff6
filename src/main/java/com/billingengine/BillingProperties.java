package com.billingengine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import com.billingengine.batch.Partitioning;
import com.billingengine.costs.CostMetric;
import com.billingengine.export.ExportFormat;
import com.billingengine.export.ReleaseApproval;
import com.billingengine.identity.AuthMode;
import com.billingengine.pricing.ChargeHandling;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Everything an operator can set: command-line flags, environment variables (BILLING_DATA_DIR …) and
 * {@code jobs/monthly-billing.yml}. Unknown keys are refused so that a typo never silently falls back to a default.
 * The rules of each value are the Bean Validation constraints here, checked where the configuration is bound
 * (cli.ConfigurationCheck, before anything opens; every violation named with its file, line and key). A message
 * with {@code %s} shows the value there, any other gets ", got VALUE". A closed set of values is an enum whose
 * {@code toString()} is the spelling users write (Spring Boot's lenient conversion maps {@code entra-id} to
 * {@code ENTRA_ID}); a value that does not convert is named by the check with the constraint violations, as
 * "unknown value 'X'; expected one of ...", and binding goes on.
 */
@ConfigurationProperties(prefix = "billing", ignoreUnknownFields = false)
@Validated
public record BillingProperties(
        @DefaultValue("./data") Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        Path dbPasswordFile,
        String awsEndpoint,
        @DefaultValue("entra-id") AuthMode authMode,
        Path tokenFile,
        Path config,
        Path exchangeRates,
        Path pricingRules,
        @DefaultValue @Valid Identity identity,
        @DefaultValue @Valid Aws aws,
        @DefaultValue @Valid Job job,
        @DefaultValue @Valid Costs costs,
        @DefaultValue @Valid Export export,
        Map<String, ChargeHandling> charges,
        @DefaultValue @Valid Progress progress,
        @DefaultValue @Valid Metrics metrics) {

    static final String POSITIVE = "must be a positive number";

    /** Made in code (tools, tests) rather than bound, a group left null gets the defaults binding gives it. */
    public BillingProperties {
        job = job != null ? job : new Job(2, 100, 500, 5, 60, Partitioning.LOCAL, "billing.partitions",
                java.time.Duration.ofHours(6));
        costs = costs != null ? costs : new Costs(CostMetric.UNBLENDED_COST, 31, 4);
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
            @DefaultValue("us-east-1") @NotBlank(message = "not an AWS region such as us-east-1: '%s'")
            @Pattern(regexp = "[a-z]{2}(-[a-z]+)+-\\d+", message = "not an AWS region such as us-east-1: '%s'")
            String region,
            @DefaultValue("10") @Positive(message = POSITIVE) int maxAttempts,
            @DefaultValue("3600") @Min(value = 900, message = SESSION) @Max(value = 43200, message = SESSION)
            int sessionDurationSeconds,
            @DefaultValue("60") @Positive(message = POSITIVE) int apiCallTimeoutSeconds) {

        static final String SESSION = "must be between 900 and 43200 (what STS allows; the billing role allows at"
                + " most 3600)";
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
            @DefaultValue("2") @Positive(message = POSITIVE) int concurrency,
            @DefaultValue("100") @Positive(message = POSITIVE) int accountChunkSize,
            @DefaultValue("500") @Positive(message = POSITIVE) int costChunkSize,
            @DefaultValue("5") @Positive(message = POSITIVE) int invoiceChunkSize,
            @DefaultValue("60") @Min(value = 3, message = "must be at least 3 (the heartbeat renews the lease every"
                    + " third of it)") int leaseSeconds,
            @DefaultValue("local") Partitioning partitioning,
            @DefaultValue("billing.partitions") @NotBlank(message = "must name a RabbitMQ queue") String queue,
            @DefaultValue("6h") @DurationMin(nanos = 1, message = "must be a positive duration such as 6h")
            java.time.Duration remoteTimeout) {

        public boolean remote() {
            return partitioning == Partitioning.REMOTE;
        }
    }

    /**
     * What is read from Cost Explorer and how it is billed. {@code queriesPerPayer}: a payer's record-type queries
     * read at a time (each page by page), so a payer takes about its longest query rather than their sum.
     */
    public record Costs(
            @DefaultValue("UnblendedCost") CostMetric metric,
            @DefaultValue("31") @Positive(message = POSITIVE) int windowDays,
            @DefaultValue("4") @Positive(message = POSITIVE) int queriesPerPayer) {
    }

    /**
     * The ERP files written by erpExport. {@code pauseMs} waits between files: a fault-injection hook that lets
     * process-level tests kill the JVM while an export is part-way; keep it 0. {@code delivery}: where erpDelivery
     * sends a published revision ({@code s3://bucket/prefix}, {@code sftp://user@host[:port]/path}); none: the
     * files stay in the data dir. {@code s3Endpoint}: another S3 endpoint (an emulator such as moto).
     * {@code invoiceDay}: the invoices' issue date is this day of the month after the period (never the clock, so a
     * restart writes the same bytes); {@code paymentTermsDays}: days from issue to due date where the payer registry
     * names none. {@code approval}: {@code none} publishes when reconciliation passes; {@code required} leaves the
     * revision's files pending until {@code approve}.
     */
    public record Export(
            @DefaultValue({"csv", "xml", "focus"})
            @NotEmpty(message = "no format given; expected some of [csv, xml, focus]")
            List<ExportFormat> formats,
            @DefaultValue("0") @PositiveOrZero(message = "must not be negative") long pauseMs,
            @DefaultValue({}) List<String> delivery, String s3Endpoint, @DefaultValue @Valid Sftp sftp,
            // the issue date is this day of the month after the period: never the wall clock, restarts stay identical
            @DefaultValue("1") @Min(value = 1, message = "must be a day from 1 to 28 (one every month has)")
            @Max(value = 28, message = "must be a day from 1 to 28 (one every month has)") int invoiceDay,
            @DefaultValue("30") @Min(value = 0, message = "must be 0 to 365 days")
            @Max(value = 365, message = "must be 0 to 365 days") int paymentTermsDays,
            @DefaultValue("none") ReleaseApproval approval) {

        public boolean approvalRequired() {
            return approval == ReleaseApproval.REQUIRED;
        }
    }

    /**
     * How erpDelivery signs in to an SFTP target: the server's host key must be in {@code knownHosts}; the user is
     * the URL's, with the private key in {@code identityFile} or the password in {@code passwordFile} (never in the
     * URL, the YAML or on the command line).
     */
    public record Sftp(Path knownHosts, Path identityFile, Path passwordFile,
            @DefaultValue("30") @Positive(message = POSITIVE) int timeoutSeconds) {
    }

    /** Progress of long steps: a live line on a terminal, else a log line at most every {@code intervalSeconds}. */
    public record Progress(
            @DefaultValue("10") @PositiveOrZero(message = "must be 0 or more") int intervalSeconds) {
    }

    /**
     * Run metrics in Prometheus text format, written at the end of every run: {@code textfile} for node_exporter's
     * textfile collector, {@code pushgatewayUrl} (e.g. {@code http://pushgateway:9091}) for a Pushgateway.
     */
    public record Metrics(Path textfile, java.net.URI pushgatewayUrl) {
    }
}

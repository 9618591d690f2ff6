package com.billingengine.pricing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import com.billingengine.BillingProperties;
import com.billingengine.batch.PartitionedSteps;
import com.billingengine.batch.TableStatistics;
import com.billingengine.payers.PayerRegistry;
import com.billingengine.period.BillingRun;

/**
 * invoiceLines: staged cost lines → priced, converted, rounded invoice lines; the run's invoices (customer ×
 * currency) dealt into partitions, each a chunk-oriented step, so a restart resumes only the invoices not yet
 * written.
 */
@Configuration(proxyBeanMethods = false)
class InvoiceLinesStepConfiguration {

    /** Manager: billing.job.concurrency partitions of invoices, run at the same time; see {@link InvoicePartitioner}. */
    @Bean
    Step invoiceLines(Step invoiceLinesCustomer, Partitioner invoicePartitioner, PartitionedSteps partitionedSteps,
            JdbcTemplate jdbc) {
        return partitionedSteps.of("invoiceLines", invoiceLinesCustomer, invoicePartitioner,
                TableStatistics.refreshedAfter(jdbc, "invoice_line"));
    }

    /**
     * Worker: a chunk-oriented step over the partition's invoices (reader → {@link InvoicePricer} →
     * {@link InvoiceLineWriter}), {@code billing.job.invoice-chunk-size} invoices per transaction; Spring Batch counts
     * the invoices read and written, and a restart resumes after the last committed chunk.
     */
    @Bean
    Step invoiceLinesCustomer(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            InvoiceKeyReader invoiceKeyReader, InvoicePricer invoicePricer, InvoiceLineWriter invoiceLineWriter,
            BillingProperties properties) {
        return worker(jobRepository, transactionManager, properties.job().invoiceChunkSize(), invoiceKeyReader,
                invoicePricer, invoiceLineWriter);
    }

    static Step worker(JobRepository jobRepository, PlatformTransactionManager transactionManager, int chunkSize,
            InvoiceKeyReader reader, InvoicePricer pricer, InvoiceLineWriter writer) {
        return new StepBuilder("invoiceLinesCustomer", jobRepository)
                .<CustomerInvoice.InvoiceKey, CustomerInvoice>chunk(chunkSize)
                .transactionManager(transactionManager)
                .reader(reader)
                .processor(pricer)
                .writer(writer)
                .build();
    }

    @Bean
    @StepScope
    InvoiceKeyReader invoiceKeyReader(@Value("#{stepExecution}") StepExecution stepExecution) {
        return new InvoiceKeyReader(InvoicePartitioner.keys(stepExecution.getExecutionContext()));
    }

    @Bean
    @StepScope
    Partitioner invoicePartitioner(JdbcClient jdbc, ExchangeRates exchangeRates, BillingTerms billingTerms,
            @Value("#{jobParameters['billingPeriod']}") String period, @Value("#{jobParameters['revision']}") Long revision,
            @Value("#{jobParameters['allowEstimated'] == 'true'}") boolean allowEstimated) {
        return new InvoicePartitioner(jdbc, BillingRun.of(period, revision), new RunExchangeRates(jdbc, exchangeRates),
                billingTerms, allowEstimated);
    }

    @Bean
    @StepScope
    InvoicePricer invoicePricer(JdbcClient jdbc, BillingTerms billingTerms, ExchangeRates exchangeRates,
            BillingProperties properties,
            @Value("#{jobParameters['billingPeriod']}") String period, @Value("#{jobParameters['revision']}") Long revision) {
        BillingRun run = BillingRun.of(period, revision);
        // the terms the partitioner recorded for the run, never the files as they are now
        BillingTerms.Recorded terms = billingTerms.pricing(run).orElseThrow(() -> new IllegalStateException(
                run + ": no pricing terms recorded before its invoices"));
        return new InvoicePricer(jdbc, run, new InvoiceCalculator(terms.rules(), terms.charges(), exchangeRates),
                properties.costs().metric());
    }

    @Bean
    @StepScope
    InvoiceLineWriter invoiceLineWriter(JdbcTemplate jdbc, @Value("#{jobParameters['billingPeriod']}") String period,
            @Value("#{jobParameters['revision']}") Long revision) {
        return new InvoiceLineWriter(jdbc, BillingRun.of(period, revision));
    }

    @Bean
    RulesBeforeRun rulesBeforeRun(PricingRules pricingRules, PayerRegistry payerRegistry) {
        return new RulesBeforeRun(pricingRules, payerRegistry);
    }

    /**
     * Loaded at start-up, so a bad rule stops the engine before any run starts (exit 2). The command line passes
     * absolute paths (relative ones in a config file resolve against its folder); no file named means no rules
     * (registry markups apply), a named file that is missing is an error, never a silently different bill.
     */
    @Bean
    PricingRules pricingRules(BillingProperties properties) {
        Path file = properties.pricingRules();
        return file == null ? PricingRules.empty() : PricingRules.load(existing("billing.pricing-rules", file));
    }

    @Bean
    ExchangeRates exchangeRates(BillingProperties properties) {
        Path file = properties.exchangeRates();
        return file == null ? ExchangeRates.parse("no billing.exchange-rates", java.util.List.of("period,currency,rate"))
                : ExchangeRates.load(existing("billing.exchange-rates", file));
    }

    private static Path existing(String key, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(key + ": " + file.toAbsolutePath() + ": file not found");
        }
        return file;
    }

    /** From billing.charges in jobs/monthly-billing.yml; a bad entry stops the engine at start-up (exit 2). */
    @Bean
    ChargePolicy chargePolicy(BillingProperties properties) {
        Map<String, ChargeHandling> charges = properties.charges();
        try {
            return charges == null ? ChargePolicy.defaults() : ChargePolicy.fromMap(charges);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(properties.config() + ": billing." + e.getMessage(), e);
        }
    }
}

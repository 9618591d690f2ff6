package com.billingengine.pricing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import com.billingengine.BillingProperties;
import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;

/** invoiceLines: staged cost lines → priced, converted, rounded invoice lines per customer and currency. */
@Configuration(proxyBeanMethods = false)
class InvoiceLinesStepConfiguration {

    @Bean
    Step invoiceLines(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            InvoiceKeyReader invoiceKeyReader, InvoicePricer invoicePricer, InvoiceLineWriter invoiceLineWriter,
            BillingProperties properties) {
        return new StepBuilder("invoiceLines", jobRepository)
                .<CustomerInvoice.InvoiceKey, CustomerInvoice>chunk(properties.job().invoiceChunkSize())
                .transactionManager(transactionManager)
                .reader(invoiceKeyReader)
                .processor(invoicePricer)
                .writer(invoiceLineWriter)
                .build();
    }

    @Bean
    @StepScope
    InvoiceKeyReader invoiceKeyReader(JdbcClient jdbc, ExchangeRates exchangeRates,
            @Value("#{jobParameters['billingPeriod']}") String period, @Value("#{jobParameters['revision']}") Long revision,
            @Value("#{jobParameters['allowEstimated'] == 'true'}") boolean allowEstimated) {
        return new InvoiceKeyReader(jdbc, BillingRun.of(period, revision), exchangeRates, allowEstimated);
    }

    @Bean
    @StepScope
    InvoicePricer invoicePricer(JdbcClient jdbc, PricingRules pricingRules, ExchangeRates exchangeRates,
            ChargePolicy chargePolicy, BillingProperties properties,
            @Value("#{jobParameters['billingPeriod']}") String period, @Value("#{jobParameters['revision']}") Long revision) {
        return new InvoicePricer(jdbc, BillingRun.of(period, revision),
                new InvoiceCalculator(pricingRules, chargePolicy, exchangeRates), properties.costs().metric());
    }

    @Bean
    @StepScope
    InvoiceLineWriter invoiceLineWriter(JdbcTemplate jdbc, @Value("#{jobParameters['billingPeriod']}") String period,
            @Value("#{jobParameters['revision']}") Long revision) {
        return new InvoiceLineWriter(jdbc, BillingRun.of(period, revision));
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
        Map<String, String> charges = properties.charges();
        try {
            return charges == null ? ChargePolicy.defaults() : ChargePolicy.fromMap(charges);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(properties.config() + ": billing." + e.getMessage(), e);
        }
    }
}

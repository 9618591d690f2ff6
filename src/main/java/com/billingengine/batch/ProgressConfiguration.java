package com.billingengine.batch;

import java.util.Map;

import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.core.step.item.ChunkOrientedStep;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.billingengine.BillingProperties;

/**
 * Puts the progress listener on every step as it is built, so no step configuration and not the job definition
 * needs to know about it.
 */
@Configuration(proxyBeanMethods = false)
class ProgressConfiguration {

    /** What each step's items (its write count) are, for the progress line: a step ends saying what it did. */
    private static final Map<String, ProgressListener.Words> WORDS = Map.of(
            "payerDiscovery", new ProgressListener.Words("payers to bill", false, null),
            "accountListing", new ProgressListener.Words("accounts", true, null),
            "costExtraction", new ProgressListener.Words("cost lines", true, null),
            "invoiceLines", new ProgressListener.Words("invoices", true, null, "partitions"),
            "reconciliation", new ProgressListener.Words("payers reconciled to the last digit", false, null),
            "erpExport", new ProgressListener.Words("invoice lines exported", false, null),
            "financeReport", new ProgressListener.Words("finance report written", false, null),
            "erpDelivery", new ProgressListener.Words("files sent", false, "delivery"));

    @Bean
    static BeanPostProcessor progressOnSteps(ObjectProvider<BillingProperties> properties,
            ObjectProvider<ProgressDisplay> display) {
        return new BeanPostProcessor() {
            private ProgressListener listener;

            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof AbstractStep step) {
                    ProgressListener progress = listener();
                    step.registerStepExecutionListener(progress);
                    if (step instanceof ChunkOrientedStep<?, ?> chunked) {
                        @SuppressWarnings("unchecked")
                        ChunkOrientedStep<Object, Object> items = (ChunkOrientedStep<Object, Object>) chunked;
                        items.registerChunkListener(progress);
                    }
                }
                return bean;
            }

            private synchronized ProgressListener listener() {
                if (listener == null) {
                    // 0 or more: checked at start-up with every other setting (cli.ConfigurationCheck)
                    int interval = properties.getObject().progress().intervalSeconds();
                    listener = new ProgressListener(WORDS, display.getIfAvailable(), interval, System::nanoTime);
                    listener.tickEvery(java.time.Duration.ofSeconds(1));
                }
                return listener;
            }
        };
    }
}

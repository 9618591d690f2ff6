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

    /** What the items of the long steps are, for the progress line. */
    private static final Map<String, String> NOUNS = Map.of("accountListing", "accounts",
            "costExtraction", "cost lines", "invoiceLines", "invoices");

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
                    listener = new ProgressListener(NOUNS, display.getIfAvailable(), interval, System::nanoTime);
                }
                return listener;
            }
        };
    }
}

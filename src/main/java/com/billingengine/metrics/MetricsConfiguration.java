package com.billingengine.metrics;

import org.springframework.batch.core.configuration.annotation.BatchObservabilityBeanPostProcessor;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Metrics of a run: Spring Batch 6 observes jobs, steps and chunk writes through an {@link ObservationRegistry}
 * (set on every job and step by its {@link BatchObservabilityBeanPostProcessor}); a meter handler turns the
 * observations into timers in a Prometheus registry, beside the engine's own figures ({@link RunMetrics}).
 * One registry per process: a process runs one billing run.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    PrometheusMeterRegistry prometheusMeterRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // observation timers come without a description; promtool's lint (and people) want HELP on every metric
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                Meter.Id described = id.getDescription() != null ? id : new Meter.Id(id.getName(),
                        Tags.of(id.getTags()), id.getBaseUnit(), "Spring Batch observation " + id.getName(),
                        id.getType());
                return described.replaceTags(partitionsAsTheirStep(described.getTags()));
            }
        });
        return registry;
    }

    /**
     * A partition's step ("costExtractionPayer:partition-123456789012") is timed as its worker step: one series per
     * step, not one per payer and step (2,000 payers made 46,000 meters, in the heap and on the Pushgateway).
     */
    static java.util.List<io.micrometer.core.instrument.Tag> partitionsAsTheirStep(
            java.util.List<io.micrometer.core.instrument.Tag> tags) {
        return tags.stream().map(tag -> tag.getKey().endsWith("step.name") && tag.getValue().contains(":")
                ? io.micrometer.core.instrument.Tag.of(tag.getKey(),
                        tag.getValue().substring(0, tag.getValue().indexOf(':')))
                : tag).toList();
    }

    @Bean
    ObservationRegistry observationRegistry(PrometheusMeterRegistry meters) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig()
                .observationHandler(new DefaultMeterObservationHandler(meters))
                // one observation per item read or processed costs more than it tells; jobs, steps and chunk
                // writes are what monitoring needs
                .observationPredicate((name, context) -> !name.startsWith("spring.batch.item."));
        return registry;
    }

    @Bean
    static BatchObservabilityBeanPostProcessor batchObservabilityBeanPostProcessor() {
        return new BatchObservabilityBeanPostProcessor();
    }

    /** Every job writes its run's metrics when it ends, without the job definition knowing. */
    @Bean
    static BeanPostProcessor runMetricsOnJobs(ObjectProvider<RunMetrics> runMetrics) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof AbstractJob job) {
                    // looked up when the job ends, not while the context is still being built
                    job.registerJobExecutionListener(new JobExecutionListener() {
                        @Override
                        public void afterJob(JobExecution execution) {
                            runMetrics.getObject().afterJob(execution);
                        }
                    });
                }
                return bean;
            }
        };
    }
}

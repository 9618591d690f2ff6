package com.billingengine.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.billingengine.BillingProperties;
import com.billingengine.latedata.PeriodCheck;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The late-data check's result for monitoring: {@code billing_period_changed_since_invoiced{period}} 1 or 0 per
 * exported period checked, so an alert reaches people where cron only logs exit 4. Its own file beside the run's
 * textfile ({@code billing.prom} → {@code billing-check.prom}, which node_exporter reads too), because the run writes
 * its whole registry over its file; its own Pushgateway job for the same reason. Never fails the check.
 */
@Component
public class LateDataMetrics {

    private static final Logger log = LoggerFactory.getLogger(LateDataMetrics.class);
    static final String PUSH_JOB = "billing_engine_check";

    private final BillingProperties.Metrics settings;

    LateDataMetrics(BillingProperties properties) {
        this.settings = properties.metrics();
    }

    public void record(List<PeriodCheck> checks) {
        if (settings.textfile() == null && settings.pushgatewayUrl() == null) {
            return;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        checks.stream().filter(PeriodCheck::exported).forEach(c -> Gauge.builder("billing.period.changed.since.invoiced",
                        () -> c.changed() ? 1 : 0)
                .description("1 when Cost Explorer changed the period since its last exported revision was invoiced"
                        + " (correct it with run --rerun), else 0")
                .tags("period", c.period(), "revision", Integer.toString(c.exportedRevision()))
                .strongReference(true).register(registry));
        String text = registry.scrape();
        if (settings.textfile() != null) {
            Path file = checkFile(settings.textfile());
            try {
                RunMetrics.writeAtomically(file, text);
                log.info("late-data check: metrics written to {}", file);
            } catch (IOException | RuntimeException e) {
                log.warn("late-data check: could not write metrics to {}: {}", file, e.toString());
            }
        }
        if (settings.pushgatewayUrl() != null) {
            new Pushgateway(settings.pushgatewayUrl()).push(PUSH_JOB, Map.of(), text);
        }
    }

    /** {@code billing.prom} → {@code billing-check.prom} in the same folder. */
    static Path checkFile(Path textfile) {
        String name = textfile.getFileName().toString().replaceFirst("\\.prom$", "");
        return textfile.resolveSibling(name + "-check.prom");
    }
}

package com.billingengine.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a run's metrics to a Prometheus Pushgateway: PUT {@code /metrics/job/<job>/<label>/<value>} with the text
 * format body, which replaces that group's metrics. Grouped by period, so a failed month stays visible until a
 * run of that month succeeds, whatever other months do meanwhile.
 */
final class Pushgateway {

    private static final Logger log = LoggerFactory.getLogger(Pushgateway.class);
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final URI base;

    Pushgateway(URI base) {
        this.base = base;
    }

    /** True when the Pushgateway accepted the metrics; a failure is logged, never thrown. */
    boolean push(String job, Map<String, String> grouping, String text) {
        StringBuilder path = new StringBuilder(base.toString().replaceAll("/+$", "")).append("/metrics/job/")
                .append(encode(job));
        new TreeMap<>(grouping).forEach((k, v) -> path.append('/').append(encode(k)).append('/').append(encode(v)));
        URI target = URI.create(path.toString());
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", CONTENT_TYPE)
                    .PUT(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                log.warn("Pushgateway {} answered HTTP {}: {}", target, response.statusCode(), response.body());
                return false;
            }
            log.info("metrics pushed to {}", target);
            return true;
        } catch (IOException e) {
            log.warn("could not push metrics to {}: {}", target, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

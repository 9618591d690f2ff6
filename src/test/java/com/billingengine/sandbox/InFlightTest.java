package com.billingengine.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** What the benchmark reads at /sandbox/cost-explorer-stats: requests answered, peak and average in flight. */
class InFlightTest {

    @Test
    void twoOverlappingRequestsThenOneAlone() throws Exception {
        InFlight inFlight = new InFlight();
        long first = inFlight.start();
        long second = inFlight.start();
        Thread.sleep(200);
        inFlight.end(first);
        inFlight.end(second);
        long third = inFlight.start(); // alone, and short
        inFlight.end(third);
        ObjectNode stats = inFlight.toJson(JsonMapper.builder().build().createObjectNode());
        assertThat(stats.get("requests").asLong()).isEqualTo(3);
        assertThat(stats.get("peakInFlight").asInt()).isEqualTo(2);
        // about 2 × 200 ms in flight over about 200 ms
        assertThat(stats.get("averageInFlight").asDouble()).isBetween(1.5, 2.01);
        assertThat(stats.get("spanSeconds").asDouble()).isBetween(0.2, 2.0);
    }
}

package com.billingengine.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

/**
 * The partitioning wired is the one billing.job.partitioning binds to, in every spelling the binding accepts: never
 * neither (a job without its partitioned steps) nor the other.
 */
class PartitioningConditionTest {

    @Test
    void everySpellingThatBindsWiresItsPartitioning() {
        assertThat(wired(null)).containsExactly("local");
        assertThat(wired("local")).containsExactly("local");
        assertThat(wired("remote")).containsExactly("remote");
        // an environment variable keeps its blanks; the binding (lenient enum conversion) ignores them
        assertThat(wired("remote ")).containsExactly("remote");
        assertThat(wired("Remote")).containsExactly("remote");
    }

    private static String[] wired(String partitioning) {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            if (partitioning != null) {
                context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test",
                        Map.of("billing.job.partitioning", partitioning)));
            }
            context.register(Probe.class);
            context.refresh();
            return context.getBeanNamesForType(String.class);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Probe {
        @Bean
        @Conditional(PartitioningCondition.Local.class)
        String local() {
            return "local";
        }

        @Bean
        @Conditional(PartitioningCondition.Remote.class)
        String remote() {
            return "remote";
        }
    }
}

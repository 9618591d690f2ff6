package com.billingengine;

import java.time.Clock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The Spring context of the engine; the command line in {@code cli} decides when and how it starts. */
@SpringBootApplication
@EnableConfigurationProperties(BillingProperties.class)
public class BillingEngineApplication {

    public static void main(String[] args) {
        System.exit(com.billingengine.cli.BillingEngineCli.run(args));
    }

    /** UTC: billing periods and Cost Explorer dates are UTC months. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}

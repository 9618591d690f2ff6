package com.billingengine;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Spring context of the engine; the command line in {@code cli} decides when and how it starts. */
@SpringBootApplication
public class BillingEngineApplication {

    public static void main(String[] args) {
        System.exit(com.billingengine.cli.BillingEngineCli.run(args));
    }
}

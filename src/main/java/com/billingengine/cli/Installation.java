package com.billingengine.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;


/**
 * Where the engine is installed: the folder holding {@code jobs/monthly-billing.yml} — the checkout (the jar lives
 * in its {@code target/}, the classes in {@code target/classes}) or a folder the jar was copied to with its
 * {@code jobs/}. {@code BILLING_HOME} (or the system property {@code billing.home}) names it explicitly. Never the
 * working directory: the same command gives the same bill from any folder.
 */
final class Installation {

    static final Path DEFAULT_CONFIG = Path.of("jobs", "monthly-billing.yml");
    /** The sandbox demo's configuration: the shipped settings plus the example pricing rules. */
    static final Path SANDBOX_CONFIG = Path.of("jobs", "examples", "sandbox-billing.yml");
    static final Path EXCHANGE_RATES = Path.of("jobs", "exchange-rates.csv");

    private Installation() {
    }

    /** The installation folder, null when it cannot be found; IllegalArgumentException for a wrong BILLING_HOME. */
    static Path root() {
        String home = System.getProperty("billing.home", System.getenv("BILLING_HOME"));
        if (home != null && !home.isBlank()) {
            Path root = Path.of(home).toAbsolutePath().normalize();
            if (!Files.isRegularFile(root.resolve(DEFAULT_CONFIG))) {
                throw new IllegalArgumentException("BILLING_HOME " + root + ": no " + DEFAULT_CONFIG + " there");
            }
            return root;
        }
        for (Path p = codeSource(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(DEFAULT_CONFIG))) {
                return p;
            }
        }
        return null;
    }

    /**
     * The jar or classes folder the engine runs from: file:…/target/classes/, or in the packaged jar Spring Boot's
     * jar:nested:…/billing-engine.jar/!BOOT-INF/classes/!/ (ApplicationHome would say nothing inside tests).
     */
    static Path codeSource() {
        try {
            String url = Installation.class.getProtectionDomain().getCodeSource().getLocation().toString()
                    .replaceFirst("^jar:", "").replaceFirst("^nested:", "file:");
            int bang = url.indexOf('!');
            url = (bang > 0 ? url.substring(0, bang) : url).replaceFirst("/$", "");
            return Path.of(URI.create(url)).toAbsolutePath();
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String notFound() {
        return "cannot find the installation's " + DEFAULT_CONFIG + " beside or above "
                + codeSource()
                + ": set BILLING_HOME to the folder that holds jobs/, or give --config FILE";
    }
}

package com.billingengine.export;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FOCUS ServiceCategory and ServiceSubcategory per Cost Explorer service name, from the table
 * {@value #RESOURCE} (exact names: substring guesses put SQS and SNS under "Other"). A name the table lacks is
 * Other / Other (Other), logged once so the table can be completed.
 */
final class ServiceCategories {

    static final String RESOURCE = "/com/billingengine/export/aws-service-categories.csv";
    static final Category OTHER = new Category("Other", "Other (Other)");
    private static final Logger log = LoggerFactory.getLogger(ServiceCategories.class);
    private static final Map<String, Category> TABLE = load();
    private static final Set<String> UNKNOWN = ConcurrentHashMap.newKeySet();

    record Category(String category, String subcategory) {
    }

    private ServiceCategories() {
    }

    static Category of(String service) {
        Category category = TABLE.get(service);
        if (category != null) {
            return category;
        }
        if (service != null && UNKNOWN.add(service)) {
            log.warn("focus.csv: no FOCUS service category for '{}', written as Other; add it to {}", service,
                    RESOURCE);
        }
        return OTHER;
    }

    /** The table as read, service name → category; for its tests. */
    static Map<String, Category> table() {
        return TABLE;
    }

    private static Map<String, Category> load() {
        Map<String, Category> table = new TreeMap<>();
        try (InputStream in = ServiceCategories.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            boolean header = true;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) { // service,category,subcategory
                    header = false;
                    continue;
                }
                // service names hold no commas; the two category columns come last
                String[] cells = line.split(",", -1);
                if (cells.length != 3 || table.put(cells[0], new Category(cells[1], cells[2])) != null) {
                    throw new IllegalStateException(RESOURCE + ": bad or repeated row '" + line + "'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(table);
    }
}

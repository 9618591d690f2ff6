package com.billingengine.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Every AWS service the simulator bills has its own row in focus.csv's service table (export's
 * aws-service-categories.csv), so none of them lands under FOCUS ServiceCategory "Other" by omission.
 */
class ServiceCategoryTableTest {

    private static final String TABLE = "/com/billingengine/export/aws-service-categories.csv";

    @Test
    void everySandboxServiceHasAFocusCategory() throws Exception {
        Set<String> table;
        try (InputStream in = getClass().getResourceAsStream(TABLE)) {
            assertThat(in).as(TABLE).isNotNull();
            table = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank()).skip(1)
                    .map(l -> l.substring(0, l.indexOf(','))).collect(Collectors.toSet());
        }
        Set<String> sandbox = Services.forPayer(Services.count(), 42L).stream().map(Services.Service::name)
                .collect(Collectors.toSet());
        assertThat(sandbox).hasSize(Services.count());
        assertThat(table).containsAll(sandbox);
    }
}

package com.billingengine.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.opencsv.CSVReader;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checks an export folder against docs/cli-reference.md (Exports); shared by the job tests on H2 and PostgreSQL. */
public final class ExportContract {

    private ExportContract() {
    }

    public static List<String[]> csvRows(Path csv) throws Exception {
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8); CSVReader reader = new CSVReader(in)) {
            return reader.readAll();
        }
    }

    /** Manifest hashes and row counts match the files; each customer total is the sum of its lines; ids are unique. */
    public static JsonNode verify(Path folder) throws Exception {
        JsonNode manifest = JsonMapper.builder().build().readTree(folder.resolve("manifest.json").toFile());
        for (JsonNode file : manifest.get("files")) {
            Path path = folder.resolve(file.get("name").asText());
            assertThat(ErpExport.sha256(path)).as("sha256 of " + path).isEqualTo(file.get("sha256").asText());
        }
        List<String[]> rows = csvRows(folder.resolve("invoice-lines.csv"));
        List<String> header = List.of(rows.get(0));
        assertThat(header.subList(0, 11)).containsExactly("line_id", "period", "customer_id", "payer_account_id",
                "account_id", "account_name", "service", "charge_type", "aws_cost", "amount", "currency");
        List<String[]> data = rows.subList(1, rows.size());
        assertThat(fileEntry(manifest, "invoice-lines.csv").get("rows").asInt()).isEqualTo(data.size());
        assertThat(data).isNotEmpty();

        Set<String> ids = new HashSet<>();
        Map<String, BigDecimal> totals = new HashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        for (String[] row : data) {
            assertThat(ids.add(row[0])).as("line_id %s is unique", row[0]).isTrue();
            assertThat(row[8]).matches("-?\\d+\\.\\d+");
            assertThat(row[9]).matches("-?\\d+(\\.\\d+)?");
            String key = row[2] + "/" + row[10];
            totals.merge(key, new BigDecimal(row[9]), BigDecimal::add);
            lines.merge(key, 1, Integer::sum);
        }
        for (JsonNode customer : manifest.get("customers")) {
            String key = customer.get("customerId").asText() + "/" + customer.get("currency").asText();
            assertThat(new BigDecimal(customer.get("total").asText())).as("total of " + key)
                    .isEqualByComparingTo(totals.get(key));
            assertThat(customer.get("lines").asInt()).isEqualTo(lines.get(key));
        }
        assertThat(manifest.get("customers").size()).isEqualTo(totals.size());
        String xml = Files.readString(folder.resolve("invoices.xml"));
        assertThat(fileEntry(manifest, "invoices.xml").get("rows").asInt())
                .isEqualTo(xml.split("<invoice id=", -1).length - 1).isEqualTo(totals.size());
        InvoicesXml.validate(folder.resolve("invoices.xml"));
        return manifest;
    }

    private static JsonNode fileEntry(JsonNode manifest, String name) {
        for (JsonNode file : manifest.get("files")) {
            if (file.get("name").asText().equals(name)) {
                return file;
            }
        }
        throw new AssertionError("manifest lists no " + name);
    }

    public static byte[] bytes(Path file) throws IOException {
        return Files.readAllBytes(file);
    }
}

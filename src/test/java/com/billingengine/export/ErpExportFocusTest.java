package com.billingengine.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;
import com.billingengine.pricing.InvoiceLine;
import com.billingengine.pricing.PricingRules;

import tools.jackson.databind.JsonNode;

/** erpExport writes focus.csv when "focus" is among the formats, from the invoice lines as the database keeps them. */
class ErpExportFocusTest {

    private static final BillingRun RUN = new BillingRun(BillingPeriod.parse(GoldenInvoiceLines.PERIOD), 1);

    @TempDir
    Path exports;

    private JdbcClient jdbc;

    @BeforeEach
    void database() {
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", true);
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        for (InvoiceLine l : GoldenInvoiceLines.lines()) {
            jdbc.sql("""
                    INSERT INTO invoice_line (billing_period, revision, line_id, customer_id, customer_name, currency,
                        payer_account_id, account_id, account_name, service, charge_type, aws_cost, exact_amount, amount,
                        pricing_rule, markup_percent, exchange_rate) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(RUN.periodText(), l.lineId(), l.customerId(), l.customerName(), l.currency(),
                            l.payerAccountId(), l.accountId(), l.accountName(), l.service(), l.chargeType(), l.awsCost(),
                            l.exactAmount(), l.amount(), l.pricingRule(), l.markupPercent(), l.exchangeRate())
                    .update();
        }
    }

    @Test
    void focusFormatAddsFocusCsvToTheFolderTheManifestAndTheExportFiles() throws Exception {
        PricingRules rules = PricingRules.load(Path.of("jobs/examples/pricing-rules.yml"));
        Path folder = new ErpExport(jdbc, new RevisionDiff(jdbc, null), exports, List.of(ExportFormat.CSV, ExportFormat.XML, ExportFormat.FOCUS), 0,
                run -> rules.inForce(run.period())).publish(RUN, 7, false).folder();

        // the database's scales (amount DECIMAL(24,4)) change nothing: the files are the reviewed golden files
        for (String name : List.of(ErpExport.CSV, ErpExport.XML, ErpExport.FOCUS)) {
            assertThat(Files.readAllBytes(folder.resolve(name))).as(name).isEqualTo(golden(name));
        }
        JsonNode manifest = ExportContract.verify(folder);
        JsonNode focus = manifest.get("files").get(2);
        assertThat(focus.get("name").asText()).isEqualTo(ErpExport.FOCUS);
        assertThat(focus.get("rows").asInt()).isEqualTo(9);
        assertThat(focus.get("sha256").asText()).isEqualTo(ErpExport.sha256(folder.resolve(ErpExport.FOCUS)));
        assertThat(jdbc.sql("SELECT file_name FROM export_file ORDER BY file_name").query(String.class).list())
                .containsExactly(ErpExport.FOCUS, ErpExport.CSV, ErpExport.XML);
    }

    @Test
    void withoutTheFocusFormatThereIsNoFocusCsv() throws Exception {
        Path folder = new ErpExport(jdbc, exports, List.of(ExportFormat.CSV, ExportFormat.XML), 0).publish(RUN, 7, false).folder();

        assertThat(folder.resolve(ErpExport.FOCUS)).doesNotExist();
        assertThat(ExportContract.verify(folder).get("files")).hasSize(2);
    }

    private static byte[] golden(String name) throws Exception {
        try (InputStream in = ErpExportFocusTest.class.getResourceAsStream("/golden/" + name)) {
            return in.readAllBytes();
        }
    }
}

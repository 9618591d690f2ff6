package com.billingengine.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;
import com.billingengine.sandbox.SandboxPayer;
import com.opencsv.CSVReader;

/**
 * A customer with payers in two currencies (the sandbox's Contoso USD payer and Fabrikam's EUR payer, both
 * registered to C-1001) gets one invoice per currency; a fixed custom amount goes on the invoice its currency names,
 * a percent item takes its share of each invoice, and every line id is distinct.
 */
class MultiCurrencyCustomerTest {

    private static final String RULES_WITH_CURRENCY = """
            customLineItems:
              - id: managed-fee
                customer: C-1001
                description: Managed service fee
                amount: 250
                currency: EUR
                recurrence: recurring
              - id: finops-share
                customer: C-1001
                description: FinOps service, 2% of spend
                percent: 2
                recurrence: recurring
            """;

    @Test
    void billsOneInvoicePerCurrencyWithTheFixedFeeOnceOnTheNamedInvoice(@TempDir Path dataDir,
            @TempDir Path configDir) throws Exception {
        String[] global = registerTwoCurrencyCustomer(dataDir, configDir, RULES_WITH_CURRENCY);
        Cli.Result run = Cli.run(concat(global, "run", "--period", "2026-10"));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("C-1001 .* USD").containsPattern("C-1001 .* EUR");

        List<String[]> rows;
        try (CSVReader reader = new CSVReader(Files.newBufferedReader(
                dataDir.resolve("exports/2026-10/rev-1/invoice-lines.csv")))) {
            rows = reader.readAll().stream().skip(1).toList();
        }
        List<String[]> fees = rows.stream().filter(r -> r[6].equals("Managed service fee")).toList();
        assertThat(fees).singleElement().satisfies(fee -> {
            assertThat(fee[9]).isEqualTo("250.00");
            assertThat(fee[10]).isEqualTo("EUR");
        });
        List<String[]> shares = rows.stream().filter(r -> r[6].startsWith("FinOps service")).toList();
        assertThat(shares).extracting(r -> r[10]).containsExactlyInAnyOrder("USD", "EUR");
        assertThat(new HashSet<>(rows.stream().map(r -> r[0]).toList())).hasSize(rows.size());
        String xml = Files.readString(dataDir.resolve("exports/2026-10/rev-1/invoices.xml"));
        assertThat(xml.split("<invoice id=", -1)).hasSize(4); // C-1001 EUR, C-1001 USD, C-1003 JPY
    }

    @Test
    void aFixedAmountWithoutCurrencyForATwoCurrencyCustomerIsRefusedBeforeAnythingStarts(@TempDir Path dataDir,
            @TempDir Path configDir) throws Exception {
        String[] global = registerTwoCurrencyCustomer(dataDir, configDir,
                RULES_WITH_CURRENCY.replace("    currency: EUR\n", ""));
        Cli.Result run = Cli.run(concat(global, "run", "--period", "2026-10"));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("pricing-rules.yml line 2", "custom line item 'managed-fee'",
                "field 'currency'", "C-1001 is billed in EUR and USD").doesNotContain("\tat ");
        assertThat(dataDir.resolve("exports")).doesNotExist();
        Cli.Result status = Cli.run(concat(global, "status", "--period", "2026-10"));
        assertThat(status.out()).doesNotContain("rev-1");
    }

    /** Imports the sandbox's healthy payers into a fresh registry, Fabrikam's EUR payer as customer C-1001. */
    private static String[] registerTwoCurrencyCustomer(Path dataDir, Path configDir, String rules) throws IOException {
        List<SandboxPayer> payers;
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults())) {
            payers = sandbox.payers();
        }
        StringBuilder csv = new StringBuilder("payer_account_id,customer_id,customer_name,currency,role_arn,status\n");
        for (SandboxPayer p : payers) {
            boolean eur = p.currency().equals("EUR");
            csv.append(String.join(",", p.accountId(), eur ? "C-1001" : p.customerId(),
                    eur ? "Contoso GmbH" : p.customerName(), p.currency(), p.roleArn(), "PENDING")).append('\n');
        }
        assertThat(payers).extracting(SandboxPayer::currency).containsExactlyInAnyOrder("USD", "EUR", "JPY");
        Path file = Files.writeString(configDir.resolve("payers.csv"), csv);
        Path config = RunConfig.write(configDir, rules, RunConfig.SHIPPED_RATES);
        String[] global = {"--data-dir", dataDir.toString(), "--config", config.toString(), "--sandbox"};
        Cli.Result imported = Cli.run("--data-dir", dataDir.toString(), "--config", config.toString(), "payers",
                "import", file.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        Cli.Result validated = Cli.run(concat(global, "payers", "validate", "--pending"));
        assertThat(validated.exitCode()).as(validated.toString()).isZero();
        return global;
    }

    static String[] concat(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}

package com.billingengine.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.billingengine.cli.Cli;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxPayer;

/** Registers a running sandbox's healthy payers as ACTIVE through `payers import`, as an operator would. */
public final class SandboxRegistry {

    private SandboxRegistry() {
    }

    public static void importPayers(AwsSandbox sandbox, Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path payers = dataDir.resolve("payers.csv");
        StringBuilder csv = new StringBuilder("payer_account_id,customer_id,customer_name,currency,role_arn,status\n");
        for (SandboxPayer p : sandbox.payers()) {
            csv.append(p.accountId()).append(',').append(p.customerId()).append(",\"").append(p.customerName())
                    .append("\",").append(p.currency()).append(',').append(p.roleArn()).append(",ACTIVE\n");
        }
        Files.writeString(payers, csv);
        Cli.Result imported = Cli.run("--data-dir", dataDir.toString(), "payers", "import", payers.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
    }
}

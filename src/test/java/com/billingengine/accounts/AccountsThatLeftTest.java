package com.billingengine.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.billingengine.cli.Cli;
import com.billingengine.export.ExportContract;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;

/**
 * An account that left the organisation mid-month: Organizations no longer lists it, Cost Explorer still charges
 * it and names it in DimensionValueAttributes. It is billed under that name in every export file.
 */
class AccountsThatLeftTest {

    private static final String PERIOD = Cli.lastMonth();

    /** One billed account line of an export file: account id and name. */
    record Billed(String accountId, String accountName) {
    }

    @Test
    void anAccountThatLeftIsBilledUnderItsCostExplorerNameInEveryExport(@TempDir Path dataDir) throws Exception {
        Map<String, String> departed;
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults().withAccountLeaves(true))) {
            departed = sandbox.departedAccounts();
        }
        assertThat(departed).hasSize(3);

        Cli.Result run = Cli.run("--data-dir", dataDir.toString(), "--sandbox", "--sandbox-account-leaves", "run",
                "--period", PERIOD);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("accounts: 36");
        Path export = dataDir.resolve("exports").resolve(PERIOD).resolve("rev-1");
        ExportContract.verify(export);

        Map<String, List<Billed>> files = Map.of(
                "invoice-lines.csv", csv(export.resolve("invoice-lines.csv"), "account_id", "account_name"),
                "focus.csv", csv(export.resolve("focus.csv"), "SubAccountId", "SubAccountName"),
                "invoices.xml", xml(export.resolve("invoices.xml")));
        files.forEach((file, lines) -> {
            assertThat(lines).as(file + ": no billed account line without a name")
                    .filteredOn(l -> !l.accountId().isEmpty()).allSatisfy(l -> assertThat(l.accountName()).isNotEmpty());
            departed.forEach((id, name) -> assertThat(lines).as(file + ": account " + id + " that left")
                    .filteredOn(l -> l.accountId().equals(id)).isNotEmpty()
                    .allSatisfy(l -> assertThat(l.accountName()).isEqualTo(name)));
        });

        String log = Files.readString(dataDir.resolve("logs").resolve("billing-engine.log"));
        departed.forEach((id, name) -> assertThat(log).contains("account " + id + " \"" + name
                + "\" left the organisation (Organizations no longer lists it)"));
    }

    private static List<Billed> csv(Path file, String idColumn, String nameColumn) throws Exception {
        List<String[]> rows = ExportContract.csvRows(file);
        List<String> header = List.of(rows.get(0));
        int id = header.indexOf(idColumn);
        int name = header.indexOf(nameColumn);
        assertThat(id).as(idColumn + " in " + file).isNotNegative();
        assertThat(name).as(nameColumn + " in " + file).isNotNegative();
        List<Billed> lines = new ArrayList<>();
        for (String[] row : rows.subList(1, rows.size())) {
            lines.add(new Billed(row[id], row[name]));
        }
        return lines;
    }

    private static List<Billed> xml(Path file) throws Exception {
        NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile())
                .getElementsByTagName("line");
        List<Billed> lines = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Map<String, String> fields = new HashMap<>();
            Element line = (Element) nodes.item(i);
            for (String field : List.of("accountId", "accountName")) {
                NodeList values = line.getElementsByTagName(field);
                fields.put(field, values.getLength() == 0 ? "" : values.item(0).getTextContent());
            }
            lines.add(new Billed(fields.get("accountId"), fields.get("accountName")));
        }
        return lines;
    }
}

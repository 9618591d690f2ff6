package com.billingengine.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

import com.billingengine.cli.Cli;
import com.billingengine.pricing.ExampleRules;

/**
 * History is history for the invoice documents: a revision dates its invoices with the invoice day and payment terms
 * in force at its first start. Changing billing.export.invoice-day and billing.export.payment-terms-days between a
 * failed run and its restart moves no date; a correction revision keeps the issue date of the invoice it corrects
 * (the ERP holds it), with --reprice too, which only takes the new payment terms deliberately.
 */
class InvoiceDatesOverTimeTest {

    private static final String PERIOD = "2026-10";
    /** Contoso's payer (C-1001): its calls fail in the first attempt. */
    private static final String FAILING_PAYER = "256388812462";

    @Test
    void aRestartAndALaterCorrectionDateTheirDocumentsAsTheRevisionWasFirstRun(@TempDir Path data,
            @TempDir Path configDir) throws Exception {
        Path first = settings(configDir, "first", 5, 45);
        Cli.Result failed = Cli.sandbox(data, "--config", first.toString(), "--sandbox-faults", "fail=" + FAILING_PAYER,
                "run", "--period", PERIOD);
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);

        // new settings before the restart: the revision started on the 5th with 45 days, and stays so
        Path later = settings(configDir, "later", 20, 10);
        Cli.Result restarted = Cli.sandbox(data, "--config", later.toString(), "restart", "--period", PERIOD);
        assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
        assertThat(dates(rev(data, 1).resolve("invoices.xml"), InvoicesXml.NAMESPACE, "invoice"))
                .containsOnly("2026-11-05 45 2026-12-20");

        // a correction with the new invoice day: the invoice the ERP holds was issued on the 5th, and so is its note
        Path newDay = settings(configDir, "new-day", 20, 45);
        Cli.Result rerun = Cli.sandbox(data, "--config", newDay.toString(), "--sandbox-late-credits", "run", "--period",
                PERIOD, "--rerun");
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(dates(rev(data, 2).resolve("invoices.xml"), InvoicesXml.NAMESPACE, "invoice"))
                .containsOnly("2026-11-05 45 2026-12-20");
        assertThat(dates(rev(data, 2).resolve("corrections.xml"), CorrectionFiles.NAMESPACE, "note")).isNotEmpty()
                .containsOnly("2026-11-05 45 2026-12-20");

        // new default payment terms are a change of terms: refused, then re-priced deliberately; the issue date stays
        Cli.Result refused = Cli.sandbox(data, "--config", later.toString(), "--sandbox-late-credits", "run",
                "--period", PERIOD, "--rerun");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
        Cli.Result repriced = Cli.sandbox(data, "--config", later.toString(), "--sandbox-late-credits", "run",
                "--period", PERIOD, "--rerun", "--reprice");
        assertThat(repriced.exitCode()).as(repriced.toString()).isZero();
        assertThat(dates(rev(data, 3).resolve("invoices.xml"), InvoicesXml.NAMESPACE, "invoice"))
                .containsOnly("2026-11-05 10 2026-11-15");
    }

    private static Path settings(Path dir, String name, int invoiceDay, int paymentTermsDays) throws Exception {
        Path config = ExampleRules.config(dir.resolve(name));
        return Files.writeString(config, Files.readString(config) + """
                  export:
                    invoice-day: %d
                    payment-terms-days: %d
                """.formatted(invoiceDay, paymentTermsDays));
    }

    private static Path rev(Path data, int revision) {
        return data.resolve("exports").resolve(PERIOD).resolve("rev-" + revision);
    }

    /** Per invoice or note: "issueDate paymentTermsDays dueDate". */
    private static List<String> dates(Path xml, String namespace, String element) throws Exception {
        List<String> dates = new ArrayList<>();
        for (Element e : InvoiceIdentityTest.elements(InvoiceIdentityTest.dom(xml).getDocumentElement(), namespace,
                element)) {
            dates.add(text(e, namespace, "issueDate") + " " + text(e, namespace, "paymentTermsDays") + " "
                    + text(e, namespace, "dueDate"));
        }
        return dates;
    }

    private static String text(Element parent, String namespace, String name) {
        return InvoiceIdentityTest.elements(parent, namespace, name).get(0).getTextContent();
    }
}

package com.billingengine.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;
import com.billingengine.pricing.ExampleRules;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Approval before release on the sandbox month 2026-10, against the same month billed without approval: with
 * {@code billing.export.approval: required} the run completes AWAITING_APPROVAL with its files and report.html in
 * rev-1.pending and nothing in rev-1; {@code approve} publishes exactly the bytes the run without approval published;
 * after the late credits the rerun rev-2 is rejected (voided, kept in rev-2.voided), and the next rerun rev-3 corrects
 * rev-1 (the last approved revision) with the very correction the run without approval wrote as rev-2. {@code status
 * --json} names who decided and when; the refusals are exit 3, a missing --by exit 2.
 */
class ApprovalTest {

    private static final String PERIOD = "2026-10";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path withoutApproval;
    @TempDir
    static Path withApproval;
    @TempDir
    static Path configDir;
    @TempDir
    static Path approvalConfigDir;

    static String plain;
    static String approving;
    static Cli.Result run;
    static Cli.Result statusAwaiting;
    static Cli.Result ifNeeded;
    static Cli.Result rerunWhileAwaiting;
    static Cli.Result restartWhileAwaiting;
    static Cli.Result approveWithoutBy;
    static Cli.Result approveUnknown;
    static Cli.Result approve;
    static Cli.Result approveAgain;
    static Cli.Result rerun;
    static Cli.Result reject;
    static Cli.Result approveVoided;
    static Cli.Result checkAfterReject;
    static Cli.Result rerunAfterReject;
    static Cli.Result approveRev3;
    static Cli.Result status;
    static boolean publishedBeforeApprove;
    static String pendingReport;

    @BeforeAll
    static void monthEnd() throws Exception {
        plain = ExampleRules.config(configDir).toString();
        Path config = ExampleRules.config(approvalConfigDir);
        Files.writeString(config, Files.readString(config) + """
                  export:
                    approval: required
                """);
        approving = config.toString();

        assertThat(Cli.sandbox(withoutApproval, "--config", plain, "run", "--period", PERIOD).exitCode()).isZero();
        assertThat(Cli.sandbox(withoutApproval, "--config", plain, "--sandbox-late-credits", "run", "--period", PERIOD,
                "--rerun").exitCode()).isZero();

        run = Cli.sandbox(withApproval, "--config", approving, "run", "--period", PERIOD);
        publishedBeforeApprove = Files.exists(rev(withApproval, "rev-1"));
        Path report = rev(withApproval, "rev-1.pending").resolve("report.html");
        pendingReport = Files.exists(report) ? Files.readString(report) : null;
        statusAwaiting = Cli.run("--data-dir", withApproval.toString(), "status", "--period", PERIOD, "--json");
        ifNeeded = Cli.sandbox(withApproval, "--config", approving, "run", "--period", PERIOD, "--if-needed");
        rerunWhileAwaiting = Cli.sandbox(withApproval, "--config", approving, "run", "--period", PERIOD, "--rerun");
        restartWhileAwaiting = Cli.sandbox(withApproval, "--config", approving, "restart", "--period", PERIOD);
        approveWithoutBy = Cli.run("--data-dir", withApproval.toString(), "--config", approving, "approve", "--period",
                PERIOD, "--revision", "1");
        approveUnknown = Cli.run("--data-dir", withApproval.toString(), "--config", approving, "approve", "--period",
                PERIOD, "--revision", "7", "--by", "ana");
        // the revision's lease held elsewhere (its job still in financeReport, or a colleague's approve): refused
        leaseOfRev1("'owner-on-another-host'", "CURRENT_TIMESTAMP + INTERVAL '10' MINUTE");
        approveWhileHeld = Cli.run("--data-dir", withApproval.toString(), "--config", approving, "approve", "--period",
                PERIOD, "--revision", "1", "--by", "ana");
        publishedWhileHeld = Files.exists(rev(withApproval, "rev-1"));
        leaseOfRev1("NULL", "NULL");
        approve = Cli.run("--data-dir", withApproval.toString(), "--config", approving, "approve", "--period", PERIOD,
                "--revision", "1", "--by", "ana");
        approveAgain = Cli.run("--data-dir", withApproval.toString(), "--config", approving, "approve", "--period",
                PERIOD, "--revision", "1", "--by", "ana");
        rerun = Cli.sandbox(withApproval, "--config", approving, "--sandbox-late-credits", "run", "--period", PERIOD,
                "--rerun");
        reject = Cli.run("--data-dir", withApproval.toString(), "--config", approving, "reject", "--period", PERIOD,
                "--revision", "2", "--by", "bob", "--reason", "credits still moving");
        approveVoided = Cli.run("--data-dir", withApproval.toString(), "--config", approving, "approve", "--period",
                PERIOD, "--revision", "2", "--by", "ana");
        checkAfterReject = Cli.sandbox(withApproval, "--config", approving, "--sandbox-late-credits", "check",
                "--period", PERIOD, "--json");
        rerunAfterReject = Cli.sandbox(withApproval, "--config", approving, "--sandbox-late-credits", "run", "--period",
                PERIOD, "--rerun");
        approveRev3 = Cli.run("--data-dir", withApproval.toString(), "--config", approving, "approve", "--period",
                PERIOD, "--revision", "3", "--by", "carla");
        status = Cli.run("--data-dir", withApproval.toString(), "status", "--period", PERIOD, "--json");
    }

    static Cli.Result approveWhileHeld;
    static boolean publishedWhileHeld;

    private static void leaseOfRev1(String owner, String expires) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:"
                + withApproval.resolve("db/billing") + ";AUTO_SERVER=TRUE", "sa", "");
                java.sql.Statement s = c.createStatement()) {
            s.execute("UPDATE billing_run SET owner_id = " + owner + ", host = 'billing-agent-7', pid = 4242,"
                    + " lease_expires_at = " + expires + " WHERE revision = 1");
        }
    }

    @Test
    void approveWaitsForTheRevisionsLease() {
        assertThat(approveWhileHeld.exitCode()).as(approveWhileHeld.toString()).isEqualTo(3);
        assertThat(approveWhileHeld.err()).contains("in progress", "held by billing-agent-7 pid 4242");
        assertThat(publishedWhileHeld).as("rev-1 published while another process held its lease").isFalse();
    }

    private static Path rev(Path dataDir, String folder) {
        return dataDir.resolve("exports").resolve(PERIOD).resolve(folder);
    }

    @Test
    void aRunWithApprovalRequiredPublishesNothingUntilApproved() throws Exception {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("rev-1: COMPLETED", "AWAITING_APPROVAL: nothing is published or delivered",
                "rev-1.pending");
        assertThat(publishedBeforeApprove).as("rev-1 published before approve").isFalse();
        // the finance report is written before approval, for finance to review
        assertThat(pendingReport).as("rev-1.pending/report.html").contains("AWAITING_APPROVAL");
        JsonNode awaiting = JSON.readTree(statusAwaiting.out()).get(0);
        assertThat(awaiting.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(awaiting.get("release").get("state").asText()).isEqualTo("AWAITING_APPROVAL");
        assertThat(awaiting.get("release").get("by").isNull()).isTrue();
        // the scheduler's command: its part is done, a person's turn (exit 0, says so)
        assertThat(ifNeeded.exitCode()).as(ifNeeded.toString()).isZero();
        assertThat(ifNeeded.out()).contains("AWAITING_APPROVAL", "approve --period 2026-10 --revision 1");
        assertThat(rerunWhileAwaiting.exitCode()).as(rerunWhileAwaiting.toString()).isEqualTo(3);
        assertThat(rerunWhileAwaiting.err()).contains("awaiting approval", "approve", "reject");
        // the job completed: there is nothing to restart, and the message says what is
        assertThat(restartWhileAwaiting.exitCode()).as(restartWhileAwaiting.toString()).isEqualTo(3);
        assertThat(restartWhileAwaiting.err()).contains("awaiting approval");
    }

    @Test
    void approvePublishesTheBytesARunWithoutApprovalPublishes() throws Exception {
        assertThat(approveWithoutBy.exitCode()).as(approveWithoutBy.toString()).isEqualTo(2);
        assertThat(approveWithoutBy.err()).contains("--by");
        assertThat(approveUnknown.exitCode()).as(approveUnknown.toString()).isEqualTo(3);
        assertThat(approveUnknown.err()).contains("2026-10 rev-7", "does not exist");
        assertThat(approve.exitCode()).as(approve.toString()).isZero();
        assertThat(approve.out()).contains("APPROVED by ana");
        assertThat(rev(withApproval, "rev-1.pending")).doesNotExist();
        assertSameFiles(rev(withoutApproval, "rev-1"), rev(withApproval, "rev-1"));
        assertThat(rev(withApproval, "rev-1").resolve("report.html")).exists();
        assertThat(approveAgain.exitCode()).as(approveAgain.toString()).isEqualTo(3);
        assertThat(approveAgain.err()).contains("already APPROVED by ana");
    }

    @Test
    void aRejectedRevisionIsVoidedAndTheNextRerunCorrectsTheLastApprovedOne() throws Exception {
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(reject.exitCode()).as(reject.toString()).isZero();
        assertThat(reject.out()).contains("VOIDED by bob");
        assertThat(rev(withApproval, "rev-2")).as("never published").doesNotExist();
        assertThat(rev(withApproval, "rev-2.voided").resolve("corrections.xml")).as("kept for audit").exists();
        assertThat(approveVoided.exitCode()).as(approveVoided.toString()).isEqualTo(3);
        assertThat(approveVoided.err()).contains("VOIDED by bob", "credits still moving");

        // check compares with the last exported (approved) revision: rev-1, which the late credits changed
        assertThat(checkAfterReject.exitCode()).as(checkAfterReject.toString()).isEqualTo(4);
        assertThat(JSON.readTree(checkAfterReject.out()).get("periods").get(0).get("exportedRevision").asInt())
                .isEqualTo(1);

        assertThat(rerunAfterReject.exitCode()).as(rerunAfterReject.toString()).isZero();
        assertThat(rerunAfterReject.out()).contains("rev-3: COMPLETED", "correction of rev-1: 6 changed lines");
        assertThat(approveRev3.exitCode()).as(approveRev3.toString()).isZero();
        JsonNode manifest = JSON.readTree(rev(withApproval, "rev-3").resolve("manifest.json").toFile());
        assertThat(manifest.get("kind").asText()).isEqualTo("correction");
        assertThat(manifest.get("corrects").asInt()).as("the last approved revision, not the voided rev-2").isEqualTo(1);
        // the same correction of rev-1 as the month billed without approval wrote as its rev-2
        for (String file : List.of("corrections.csv", "invoice-lines.csv", "focus.csv")) {
            assertThat(Files.readAllBytes(rev(withApproval, "rev-3").resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(rev(withoutApproval, "rev-2").resolve(file)));
        }
        assertThat(Files.readString(rev(withApproval, "rev-3").resolve("corrections.xml")))
                .contains("<note id=\"C-1001-2026-10-USD-rev-3\" type=\"credit\">",
                        "<correctsInvoice>C-1001-2026-10-USD</correctsInvoice>",
                        "<correctsRevision>1</correctsRevision>");
        // the finance report shows the notes themselves
        String report = Files.readString(rev(withApproval, "rev-3").resolve("report.html"));
        assertThat(report).contains("Correction notes", "credit note C-1001-2026-10-USD-rev-3",
                "corrects invoice C-1001-2026-10-USD (rev-1)", "L51109228474c5a98", "APPROVED by carla");
    }

    @Test
    void statusShowsWhoDecidedWhen() throws Exception {
        assertThat(status.exitCode()).as(status.toString()).isZero();
        List<String> releases = new ArrayList<>();
        for (JsonNode run : JSON.readTree(status.out())) {
            JsonNode release = run.get("release");
            assertThat(release.get("at").asText()).as("when").matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            releases.add("rev-" + run.get("revision").asInt() + " " + release.get("state").asText() + " "
                    + release.get("by").asText() + " " + release.path("reason").asText(""));
        }
        assertThat(releases).containsExactly("rev-1 APPROVED ana ", "rev-2 VOIDED bob credits still moving",
                "rev-3 APPROVED carla ");
        Cli.Result text = Cli.run("--data-dir", withApproval.toString(), "status", "--period", PERIOD);
        assertThat(text.out()).contains("release: APPROVED by ana at ", "release: VOIDED by bob at ");
    }

    /** Every file the manifest lists, and the manifest, byte for byte. */
    private static void assertSameFiles(Path expected, Path actual) throws Exception {
        JsonNode manifest = JSON.readTree(expected.resolve("manifest.json").toFile());
        List<String> names = new ArrayList<>(List.of("manifest.json"));
        manifest.get("files").forEach(f -> names.add(f.get("name").asText()));
        assertThat(names).contains("invoices.xml", "invoice-lines.csv", "focus.csv");
        for (String name : names) {
            assertThat(Files.readAllBytes(actual.resolve(name))).as(name)
                    .isEqualTo(Files.readAllBytes(expected.resolve(name)));
        }
    }
}

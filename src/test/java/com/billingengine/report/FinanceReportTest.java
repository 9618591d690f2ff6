package com.billingengine.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.billingengine.cli.Cli;
import com.billingengine.period.BillingPeriod;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;
import com.billingengine.sandbox.SandboxPayer;

/**
 * The finance report of a sandbox month with two earlier months billed, rendered by headless Chromium (Debian's
 * {@code chromium}): the screenshot is made, the page's text holds every invoice total as invoices.xml states it,
 * nothing is fetched from outside, and a hostile customer name is text. With {@code -Dreport.screenshot=PATH} the
 * screenshot is also copied there (that is how docs/report.png is made).
 */
class FinanceReportTest {

    static final String HOSTILE = "<script>alert('x')</script> Contoso & Co";
    static final BillingPeriod NOW = BillingPeriod.lastClosed(Clock.systemUTC());

    @TempDir
    static Path dataDir;

    static Path folder;

    @BeforeAll
    static void billThreeMonths() throws Exception {
        importPayersWithAHostileName();
        for (int back = 2; back >= 0; back--) {
            String period = new BillingPeriod(NOW.month().minusMonths(back)).toString();
            Cli.Result run = Cli.run("--data-dir", dataDir.toString(), "--sandbox", "run", "--period", period);
            assertThat(run.exitCode()).as(run.toString()).isZero();
        }
        folder = dataDir.resolve("exports").resolve(NOW.toString()).resolve("rev-1");
    }

    /** The sandbox's payers, the first one's customer renamed to something a browser would run if not escaped. */
    private static void importPayersWithAHostileName() throws IOException {
        StringBuilder csv = new StringBuilder("payer_account_id,customer_id,customer_name,currency,role_arn,status\n");
        try (AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults())) {
            List<SandboxPayer> payers = sandbox.payers();
            for (int i = 0; i < payers.size(); i++) {
                SandboxPayer p = payers.get(i);
                String name = i == 0 ? HOSTILE : p.customerName();
                csv.append(p.accountId()).append(',').append(p.customerId()).append(",\"")
                        .append(name.replace("\"", "\"\"")).append("\",").append(p.currency()).append(',')
                        .append(p.roleArn()).append(",PENDING\n");
            }
        }
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("payers.csv");
        Files.writeString(file, csv);
        Cli.Result imported = Cli.run("--data-dir", dataDir.toString(), "payers", "import", file.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        Cli.Result validated = Cli.run("--data-dir", dataDir.toString(), "--sandbox", "payers", "validate", "--pending");
        assertThat(validated.exitCode()).as(validated.toString()).isZero();
    }

    @Test
    void theJobWritesTheReportBesideTheErpFilesButNotIntoTheManifest() throws Exception {
        assertThat(folder.resolve(FinanceReport.FILE)).isRegularFile();
        assertThat(Files.readString(folder.resolve("manifest.json"))).doesNotContain(FinanceReport.FILE);
        try (var stray = Files.list(folder.getParent())) {
            assertThat(stray.map(p -> p.getFileName().toString())).containsExactly("rev-1");
        }
    }

    @Test
    void chromiumRendersEveryInvoiceTotalAsInvoicesXmlStatesIt() throws Exception {
        Cli.Result report = Cli.run("--data-dir", dataDir.toString(), "report", "--period", NOW.toString());
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.out()).contains("report: " + folder.resolve(FinanceReport.FILE));

        Path html = folder.resolve(FinanceReport.FILE);
        Path png = dataDir.resolve("report.png");
        chromium("--screenshot=" + png, "--window-size=1280,2400", html.toUri().toString());
        byte[] image = Files.readAllBytes(png);
        assertThat(image.length).isGreaterThan(10_000);
        assertThat(new String(image, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        String screenshot = System.getProperty("report.screenshot");
        if (screenshot != null && !screenshot.isBlank()) {
            Files.copy(png, Path.of(screenshot), StandardCopyOption.REPLACE_EXISTING);
        }

        String dom = chromium("--dump-dom", html.toUri().toString());
        String text = text(dom);
        List<String[]> totals = invoiceTotals(folder.resolve("invoices.xml"));
        assertThat(totals).hasSize(3);
        for (String[] total : totals) {
            assertThat(text).as("total of %s", total[0])
                    .contains(CurrencyText.format(new BigDecimal(total[2]), total[1]));
        }
        assertThat(text).contains("Billing report " + NOW + " rev-1", "reconciled", "Biggest movers since "
                + NOW.month().minusMonths(1), new BillingPeriod(NOW.month().minusMonths(2)).toString());

        // the hostile name is text in the rendered page, never an element
        assertThat(text).contains(HOSTILE);
        assertThat(dom).doesNotContainIgnoringCase("<script").contains("&lt;script&gt;alert");
    }

    @Test
    void thePageFetchesNothingFromOutside() throws Exception {
        String html = Files.readString(folder.resolve(FinanceReport.FILE));
        assertThat(html).containsIgnoringCase("<svg").doesNotContainIgnoringCase("<script")
                .doesNotContainIgnoringCase("@import").doesNotContainIgnoringCase("<link");
        assertThat(Pattern.compile("(?i)(src|href)\\s*=\\s*[\"']?\\s*(https?:|//)").matcher(html).find()).isFalse();
        assertThat(Pattern.compile("(?i)url\\(\\s*[\"']?\\s*(https?:|//)").matcher(html).find()).isFalse();
        assertThat(Pattern.compile("(?i)xlink:href|<image|<iframe|<object|<embed").matcher(html).find()).isFalse();
    }

    @Test
    void aRevisionThatWasNeverExportedIsRefused() {
        Cli.Result refused = Cli.run("--data-dir", dataDir.toString(), "report", "--period", NOW.toString(),
                "--revision", "2");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.err()).contains("rev-2", "not been exported");
    }

    /** Each invoice of invoices.xml: customer id, currency, total as written. */
    private static List<String[]> invoiceTotals(Path xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(xml.toFile());
        NodeList invoices = doc.getElementsByTagNameNS("*", "invoice");
        List<String[]> totals = new ArrayList<>();
        for (int i = 0; i < invoices.getLength(); i++) {
            Element invoice = (Element) invoices.item(i);
            totals.add(new String[] {child(invoice, "customerId"), child(invoice, "currency"), child(invoice, "total")});
        }
        return totals;
    }

    private static String child(Element parent, String name) {
        return parent.getElementsByTagNameNS("*", name).item(0).getTextContent();
    }

    /** The page's text as a reader sees it: tags dropped, entities decoded. */
    static String text(String dom) {
        String body = dom.replaceAll("(?is)<style.*?</style>", " ").replaceAll("(?s)<[^>]*>", "");
        Matcher entity = Pattern.compile("&(#\\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|nbsp|apos);").matcher(body);
        StringBuilder text = new StringBuilder();
        while (entity.find()) {
            String e = entity.group(1);
            String c = switch (e) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                case "nbsp" -> "\u00a0";
                default -> new String(Character.toChars(e.startsWith("#x") ? Integer.parseInt(e.substring(2), 16)
                        : Integer.parseInt(e.substring(1))));
            };
            entity.appendReplacement(text, Matcher.quoteReplacement(c));
        }
        entity.appendTail(text);
        return text.toString();
    }

    /** Debian's headless Chromium, offline and without a profile of its own; returns what it printed. */
    static String chromium(String... args) throws Exception {
        Path profile = Files.createTempDirectory(dataDir, "chromium-");
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path out = dataDir.resolve("chromium.out");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(dataDir.resolve("chromium.err").toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(process.exitValue()).as(Files.readString(dataDir.resolve("chromium.err"))).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}

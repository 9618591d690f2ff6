package com.billingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input catalogue: each mistake a user can make with a period, an option, a payers CSV, the config file,
 * the pricing rules, the exchange rates, the database URL, the data dir, the token file or the endpoint exits with
 * the contract's code 2, says what is wrong and where in one message on stderr, prints nothing on stdout and no
 * stack trace, and leaves the data dir (its database with one registered payer, its log) byte for byte as it was:
 * no export, no job execution, no registry change, no new database.
 */
class BadInputCatalogueTest {

    @TempDir
    static Path tmp;

    private static Path data;
    private static Path files;

    /** One case: the arguments ({files} and {data} stand for the folders), files to write first, the message part. */
    record Case(String name, String expected, List<String> args, Map<String, String> files) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void aDataDirWithOnePayer() throws IOException {
        data = tmp.resolve("data");
        files = Files.createDirectories(tmp.resolve("files"));
        Cli.Result add = Cli.run("--data-dir", data.toString(), "payers", "add", "--payer", "111122223333",
                "--customer-id", "C-1", "--customer-name", "Existing", "--currency", "EUR");
        assertThat(add.exitCode()).as(add.toString()).isZero();
        Files.writeString(files.resolve("a-file"), "not a folder");
        Files.writeString(files.resolve("an-empty-file"), "");
        Files.createDirectories(files.resolve("a-folder"));
        Files.writeString(files.resolve("token.jwt"), "eyJ.eyJ.sig");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithExitTwoNamingTheProblemAndWritesNothing(Case c) throws Exception {
        for (Map.Entry<String, String> file : c.files().entrySet()) {
            Files.write(files.resolve(file.getKey()), fill(file.getValue()).getBytes(StandardCharsets.ISO_8859_1));
        }
        Map<String, String> before = contents(data);
        List<String> args = new ArrayList<>(List.of("--data-dir", data.toString()));
        c.args().forEach(a -> args.add(fill(a)));
        Cli.Result result = Cli.run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).as(result.toString()).contains(fill(c.expected()));
        assertThat(result.out()).as("nothing on stdout but results").isEmpty();
        assertThat(result.err()).as("no stack trace").doesNotContain("\tat ", "Exception in", "Caused by");
        assertThat(result.err()).as("a secret given is never echoed").doesNotContain(SECRET);
        assertThat(result.err().replaceAll("[\\n\\r]", "")).as("no control character reaches the console")
                .doesNotContainPattern("\\p{Cntrl}");
        assertThat(contents(data)).as("the data dir is untouched").isEqualTo(before);
    }

    /** A password given on the command line in a case: it must appear nowhere in what the engine prints. */
    private static final String SECRET = "hunter2-do-not-print";

    static Stream<Case> cases() {
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        List<Case> cases = new ArrayList<>();
        // periods
        for (String period : List.of("2026-13", "2026-1", "2026-00", "26-10", "october", "2026-10-01", "")) {
            cases.add(run("period '" + period + "'", period.isEmpty() ? "billing period is missing" : "'" + period + "'", "--sandbox", "run", "--period", period));
        }
        cases.add(run("current month", "not closed", "--sandbox", "run", "--period", now.toString()));
        cases.add(run("next month", "not closed", "--sandbox", "run", "--period", now.plusMonths(1).toString()));
        cases.add(run("restart of a bad period", "'2026-13'", "restart", "--period", "2026-13"));
        cases.add(run("status of a bad period", "'13-2026'", "status", "--period", "13-2026"));
        // options
        cases.add(run("unknown command", "frobnicate", "frobnicate"));
        cases.add(run("unknown option", "--bogus", "run", "--period", "2026-10", "--bogus"));
        cases.add(run("missing --period", "--period", "run"));
        cases.add(run("--if-needed with --rerun", "--if-needed and --rerun exclude each other", "--sandbox", "run",
                "--period", "2026-10", "--if-needed", "--rerun"));
        cases.add(run("--sandbox-faults nonsense", "bad fault spec part 'nonsense'", "--sandbox-faults", "nonsense",
                "--sandbox", "run", "--period", "2026-10"));
        cases.add(run("--sandbox-seed not a number", "--sandbox-seed", "--sandbox-seed", "abc", "--sandbox", "run",
                "--period", "2026-10"));
        cases.add(run("--auth-mode bogus", "option --auth-mode: unknown value 'bogus'", "--auth-mode", "bogus",
                "status"));
        cases.add(run("payers add with a short id", "'12345'", "payers", "add", "--payer", "12345", "--customer-id",
                "C-9", "--customer-name", "X", "--currency", "EUR"));
        cases.add(run("payers add with an unknown currency", "'XYZ'", "payers", "add", "--payer", "444455556666",
                "--customer-id", "C-9", "--customer-name", "X", "--currency", "XYZ"));
        cases.add(run("payers add with a bad status", "'LIVE'", "payers", "add", "--payer", "444455556666",
                "--customer-id", "C-9", "--customer-name", "X", "--currency", "EUR", "--status", "LIVE"));
        // payers CSV
        String header = "payer_account_id,customer_id,customer_name,currency,role_arn,status\n";
        cases.add(csv("payers CSV missing", "{files}/nope.csv: file not found", null));
        cases.add(csv("payers CSV empty", "the file is empty", ""));
        cases.add(csv("payers CSV bad id", "line 2: payer_account_id '12345' is not a 12-digit AWS account id", header + "12345,C-2,Bad id,EUR,,PENDING\n"));
        cases.add(csv("payers CSV bad currency", "line 2", header + "444455556666,C-2,Bad,XYZ,,PENDING\n"));
        cases.add(csv("payers CSV duplicate", "line 3: duplicate payer_account_id 444455556666",
                header + "444455556666,C-2,A,EUR,,PENDING\n444455556666,C-3,B,EUR,,PENDING\n"));
        cases.add(csv("payers CSV missing column", "missing column currency",
                "payer_account_id,customer_id,customer_name,role_arn,status\n444455556666,C-2,A,,PENDING\n"));
        cases.add(csv("payers CSV unknown column", "unknown column 'colour'", header.strip() + ",colour\n"));
        cases.add(csv("payers CSV bad status", "line 2", header + "444455556666,C-2,A,EUR,,LIVE\n"));
        cases.add(csv("payers CSV ACTIVE status", "{files}/nope.csv line 2: status ACTIVE is refused: a payer becomes"
                + " ACTIVE only by passing the onboarding checks; import it as PENDING (or leave status empty), then run"
                + " `payers validate --payer 444455556666`", header + "444455556666,C-2,A,EUR,,ACTIVE\n"));
        cases.add(csv("payers CSV bad payment terms", "{files}/nope.csv line 3: payment_terms_days '400' is not a"
                + " number of days from 0 to 365", header.strip() + ",payment_terms_days\n444455556666,C-2,A,EUR,,"
                + "PENDING,14\n555566667777,C-3,B,EUR,,PENDING,400\n"));
        cases.add(csv("payers CSV not UTF-8", "line 3: byte 0xE9 at byte 22 of the line is not UTF-8",
                header + "444455556666,C-2,Acme,EUR,,PENDING\n555566667777,C-3,Soci\u00e9t\u00e9,EUR,,PENDING\n"));
        // the config file
        cases.add(config("concurrency -1", "job:\n    concurrency: -1",
                "line 3, column 18: billing.job.concurrency: must be a positive number, got -1"));
        cases.add(config("concurrency 0", "job:\n    concurrency: 0", "billing.job.concurrency"));
        cases.add(config("account chunk size 0", "job:\n    account-chunk-size: 0", "billing.job.account-chunk-size"));
        cases.add(config("cost chunk size -5", "job:\n    cost-chunk-size: -5",
                "line 3, column 22: billing.job.cost-chunk-size: must be a positive number, got -5"));
        cases.add(config("invoice chunk size 0", "job:\n    invoice-chunk-size: 0", "billing.job.invoice-chunk-size"));
        cases.add(config("concurrency not a number", "job:\n    concurrency: many",
                "{files}/concurrency not a number.yml line 3, column 18: billing.job.concurrency: not a whole number:"
                        + " 'many'"));
        cases.add(config("window days 0", "costs:\n    window-days: 0", "billing.costs.window-days"));
        cases.add(config("queries per payer 0", "costs:\n    queries-per-payer: 0",
                "line 3, column 24: billing.costs.queries-per-payer: must be a positive number, got 0"));
        cases.add(config("unknown metric", "costs:\n    metric: FooCost",
                "line 3, column 13: billing.costs.metric: unknown value 'FooCost'; expected one of UnblendedCost"));
        cases.add(config("max attempts 0", "aws:\n    max-attempts: 0", "billing.aws.max-attempts: must be a positive"));
        cases.add(config("session duration 100", "aws:\n    session-duration-seconds: 100",
                "billing.aws.session-duration-seconds: must be between 900 and 43200"));
        cases.add(config("api timeout 0", "aws:\n    api-call-timeout-seconds: 0", "billing.aws.api-call-timeout-seconds"));
        cases.add(config("region nowhere", "aws:\n    region: nowhere", "billing.aws.region: not an AWS region"));
        cases.add(config("export format pdf", "export:\n    formats: [csv, pdf]",
                "line 3, column 20: billing.export.formats[1]: unknown value 'pdf'; expected one of csv, xml, focus"));
        cases.add(config("no export format", "export:\n    formats: []", "billing.export.formats"));
        cases.add(config("negative export pause", "export:\n    pause-ms: -1", "billing.export.pause-ms"));
        cases.add(config("unknown approval", "export:\n    approval: maybe",
                "line 3, column 15: billing.export.approval: unknown value 'maybe'; expected one of none, required"));
        cases.add(config("invoice day 31", "export:\n    invoice-day: 31",
                "billing.export.invoice-day: must be a day from 1 to 28"));
        cases.add(config("payment terms -1", "export:\n    payment-terms-days: -1",
                "billing.export.payment-terms-days: must be 0 to 365 days"));
        cases.add(config("unknown charge handling", "charges:\n    tax: dorp",
                "line 3, column 10: billing.charges.tax: unknown handling 'dorp'"));
        cases.add(config("unknown charge type", "charges:\n    vat: bill",
                "line 3, column 10: billing.charges.vat: unknown charge type 'vat'"));
        cases.add(config("unknown key", "job:\n    concurency: 4",
                "{files}/unknown key.yml line 3, column 17: billing.job.concurency: unknown configuration key"));
        cases.add(new Case("top-level typo", "{files}/top-level typo.yml line 3, column 18: unknown key 'biling.job.concurrency'",
                List.of("--config", "{files}/top-level typo.yml", "--sandbox", "run", "--period", "2026-10"),
                Map.of("top-level typo.yml", "biling:\n  job:\n    concurrency: 4\n")));
        cases.add(new Case("YAML syntax error", "{files}/syntax.yml line 3, column 1: not valid YAML",
                List.of("--config", "{files}/syntax.yml", "--sandbox", "run", "--period", "2026-10"),
                Map.of("syntax.yml", "billing:\n  job: [\n")));
        cases.add(run("config file missing", "--config {files}/nope.yml: file not found", "--config",
                "{files}/nope.yml", "status"));
        cases.add(run("config file is a folder", "a folder, not a file", "--config", "{files}/a-folder", "status"));
        // with --sandbox the engine sets the authority and auth mode itself, so these two are checked by status
        cases.add(status(config("authority not a URL", "identity:\n    authority: login.example",
                "billing.identity.authority: 'login.example' is not an http(s) URL")));
        cases.add(config("secret file missing", "identity:\n    secret-file: secret.txt",
                "billing.identity.secret-file: {files}/secret.txt: file not found"));
        cases.add(status(config("auth mode in the config", "auth-mode: kerberos",
                "line 2, column 14: billing.auth-mode: unknown value 'kerberos'")));
        // pricing rules (relative paths resolve against the config file's folder)
        cases.add(config("pricing rules missing", "pricing-rules: missing-rules.yml",
                "line 2, column 18: billing.pricing-rules: {files}/missing-rules.yml: file not found"));
        cases.add(config("pricing rules absolute and missing", "pricing-rules: /nonexistent.yml",
                "billing.pricing-rules: /nonexistent.yml: file not found"));
        cases.add(rules("rule with a short account id", "rules:\n  - id: too-generous\n    percent: 5\n    scope:\n"
                + "      account: \"12345\"\n", "too-generous"));
        cases.add(rules("rule below -100 %", "rules:\n  - id: free\n    percent: -150\n", "free"));
        cases.add(rules("rules not YAML", "rules: [\n", "{files}/rules not YAML-rules.yml"));
        cases.add(rules("two rules with one scope", "rules:\n  - id: a\n    percent: 1\n  - id: b\n    percent: 2\n", "'b'"));
        cases.add(rules("rule without percent", "rules:\n  - id: nothing\n", "nothing"));
        // exchange rates
        cases.add(config("exchange rates missing", "exchange-rates: rates/missing.csv",
                "billing.exchange-rates: {files}/rates/missing.csv: file not found"));
        cases.add(rates("rates without header", "2026-10,EUR,0.92\n", "line 1: expected the header 'period,currency,rate'"));
        cases.add(rates("rates bad period", "period,currency,rate\n2026-13,EUR,0.92\n",
                "line 2: field 'period': invalid value '2026-13'"));
        cases.add(rates("rates bad currency", "period,currency,rate\n2026-10,EURO,0.92\n", "line 2"));
        cases.add(rates("rates not a number", "period,currency,rate\n2026-10,EUR,abc\n", "line 2"));
        cases.add(rates("rates negative", "period,currency,rate\n2026-10,EUR,-1\n", "line 2"));
        // database URL
        cases.add(run("database server unreachable", "database jdbc:postgresql://127.0.0.1:5999/x (option --db-url): "
                + "cannot reach the database server", "--db-url", "jdbc:postgresql://127.0.0.1:5999/x", "status"));
        cases.add(run("database missing", "the database does not exist", "--db-url",
                "jdbc:postgresql://127.0.0.1:5432/doesnotexist", "--db-user", "postgres", "status"));
        cases.add(run("database role unknown", "the server refused user 'nobody-here'", "--db-url",
                "jdbc:postgresql://127.0.0.1:5432/test", "--db-user", "nobody-here", "status"));
        cases.add(new Case("concurrency the database cannot serve", "billing.job.concurrency: 5000 needs up to 5004 "
                + "database connections (concurrency + 4), but PostgreSQL's max_connections is ",
                List.of("--config", "{files}/too-many.yml", "--db-url", "jdbc:postgresql://127.0.0.1:5432/test",
                        "--db-user", "postgres", "--auth-mode", "default-chain", "run", "--period", "2026-10"),
                Map.of("too-many.yml", "billing:\n  job:\n    concurrency: 5000\n")));
        cases.add(run("database URL not JDBC", "not a JDBC URL", "--db-url", "postgres://127.0.0.1/billing", "status"));
        cases.add(run("database without a driver", "no database driver for this URL", "--db-url",
                "jdbc:mysql://127.0.0.1/billing", "status"));
        // data dir (given again, so the later --data-dir wins over the catalogue's)
        cases.add(run("data dir is a file", "option --data-dir: {files}/a-file: a file, not a folder", "status",
                "--data-dir", "{files}/a-file"));
        cases.add(run("data dir under a file", "{files}/a-file is a file, not a folder", "--sandbox", "run",
                "--period", "2026-10", "--data-dir", "{files}/a-file/data"));
        cases.add(run("data dir not writable", "/proc/billing-data: /proc is not writable", "status", "--data-dir",
                "/proc/billing-data"));
        // token file
        cases.add(run("token-file mode without a file", "token-file needs --token-file FILE", "--auth-mode",
                "token-file", "--sandbox", "run", "--period", "2026-10"));
        cases.add(run("token file missing", "option --token-file: {files}/missing.jwt: file not found", "--auth-mode",
                "token-file", "--token-file", "{files}/missing.jwt", "--sandbox", "run", "--period", "2026-10"));
        cases.add(run("token file is a folder", "{files}/a-folder: a folder, not a file", "--auth-mode", "token-file",
                "--token-file", "{files}/a-folder", "status"));
        cases.add(config("token file in the config, relative", "auth-mode: token-file\n  token-file: token.txt",
                "billing.token-file: {files}/token.txt: file not found"));
        // endpoint
        cases.add(run("endpoint not a URL", "option --aws-endpoint: 'not-a-url' is not an http(s) URL",
                "--aws-endpoint", "not-a-url", "--sandbox", "run", "--period", "2026-10"));
        cases.add(run("endpoint ftp", "'ftp://127.0.0.1:21' is not an http(s) URL", "--aws-endpoint",
                "ftp://127.0.0.1:21", "status"));
        cases.add(run("endpoint without host", "'http://' is not an http(s) URL", "--aws-endpoint", "http://", "status"));
        cases.add(run("endpoint with a space", "is not an http(s) URL", "--aws-endpoint", "http://a b", "status"));
        // issue 17: secrets, unreachable endpoints and brokers, hostile files, sizes and names
        cases.add(run("--db-password on the command line", "--db-password is refused: a password on the command line"
                + " is seen by every user of the machine (ps)", "--db-password", SECRET, "--aws-endpoint",
                "http://127.0.0.1:1", "--auth-mode", "sandbox", "run", "--period", "2026-10"));
        cases.add(run("--db-password-file missing", "option --db-password-file: {files}/no-password.txt: file not"
                + " found", "--db-password-file", "{files}/no-password.txt", "status"));
        cases.add(run("closed endpoint port on run", "option --aws-endpoint: cannot reach http://127.0.0.1:1"
                + " (Connection refused)", "--aws-endpoint", "http://127.0.0.1:1", "--auth-mode", "sandbox", "run",
                "--period", "2026-10"));
        cases.add(run("closed endpoint port on payers validate", "option --aws-endpoint: cannot reach"
                + " http://127.0.0.1:1 (Connection refused)", "--aws-endpoint", "http://127.0.0.1:1", "--auth-mode",
                "token-file", "--token-file", "{files}/token.jwt", "payers", "validate", "--payer", "111122223333"));
        cases.add(run("entra-id without tenant", "billing.identity.tenant-id: not set; --auth-mode entra-id",
                "run", "--period", "2026-10"));
        cases.add(new Case("entra-id with an empty secret file", "{files}/empty-secret.yml line 5, column 18:"
                + " billing.identity.secret-file: {files}/an-empty-file: the file is empty", List.of("--config",
                "{files}/empty-secret.yml", "run", "--period", "2026-10"), Map.of("empty-secret.yml", "billing:\n"
                        + "  identity:\n    tenant-id: t\n    client-id: c\n    secret-file: an-empty-file\n")));
        cases.add(new Case("YAML billion laughs", "{files}/laughs.yml", List.of("--config", "{files}/laughs.yml",
                "status"), Map.of("laughs.yml", billionLaughs())));
        cases.add(new Case("binary file as --config", "{files}/binary.yml: not a YAML file (binary content",
                List.of("--config", "{files}/binary.yml", "status"), Map.of("binary.yml", "\u0089PNG\r\n\u001a\n\u0000\u0000")));
        cases.add(new Case("a list as --config", "{files}/list.yml: not a YAML configuration file", List.of("--config",
                "{files}/list.yml", "status"), Map.of("list.yml", "- billing\n- job\n")));
        cases.add(new Case("RabbitMQ down in remote mode", "RabbitMQ broker 127.0.0.1:1", List.of("--config",
                "{files}/remote.yml", "--db-url", "jdbc:postgresql://127.0.0.1:5432/postgres", "--db-user", "postgres",
                "--auth-mode", "default-chain", "run", "--period", "2026-10"), Map.of("remote.yml", "billing:\n  job:\n"
                        + "    partitioning: remote\nspring:\n  rabbitmq:\n    host: 127.0.0.1\n    port: 1\n")));
        cases.add(rules("rule with a huge percent", "rules:\n  - id: huge\n    percent: 1e12\n",
                "expected -100 to 1000 with at most 4 decimals"));
        cases.add(rules("rule percent with 6 decimals", "rules:\n  - id: fine\n    percent: 1.123456\n",
                "'1.123456'"));
        cases.add(run("period 0000", "invalid billing period '0000-10': AWS billed nothing before 2006", "--sandbox",
                "run", "--period", "0000-10"));
        cases.add(run("period 1999", "invalid billing period '1999-12'", "--sandbox", "run", "--period", "1999-12"));
        cases.add(run("period older than Cost Explorer keeps", "is older than Cost Explorer keeps",
                "--auth-mode", "default-chain", "run", "--period", now.minusMonths(14).toString()));
        cases.add(csv("payers CSV customer name too long", "line 2: customer_name is 513 characters long; at most 512"
                + " fit", header + "444455556666,C-2," + "N".repeat(513) + ",EUR,,PENDING\n"));
        cases.add(csv("payers CSV customer id too long", "line 2: customer_id is 65 characters long",
                header + "444455556666," + "C".repeat(65) + ",Name,EUR,,PENDING\n"));
        cases.add(csv("payers CSV ESC in a name", "line 2: customer_name holds the control character U+001B at"
                + " character 5", header + "444455556666,C-2,Acme\u001b[31m Red,EUR,,PENDING\n"));
        cases.add(csv("payers CSV NUL in a name", "line 2: customer_name holds the control character U+0000",
                header + "444455556666,C-2,Ac\u0000me,EUR,,PENDING\n"));
        cases.add(run("payers add with ESC in the name", "--customer-name holds the control character U+001B",
                "payers", "add", "--payer", "444455556666", "--customer-id", "C-9", "--customer-name", "A\u001bB",
                "--currency", "EUR"));
        cases.add(run("payers add --status ACTIVE", "--status ACTIVE is refused", "payers", "add", "--payer",
                "444455556666", "--customer-id", "C-9", "--customer-name", "X", "--currency", "EUR", "--status",
                "ACTIVE"));
        cases.add(run("--sandbox-payers 100000", "--sandbox-payers must be 1 to 5000, was 100000", "--sandbox",
                "--sandbox-payers", "100000", "run", "--period", "2026-10"));
        cases.add(run("--sandbox-services 500", "--sandbox-services must be 1 to", "--sandbox", "--sandbox-services",
                "500", "run", "--period", "2026-10"));
        cases.add(run("--sandbox-accounts 1", "--sandbox-accounts must be 2 to 1000, was 1", "--sandbox",
                "--sandbox-accounts", "1", "run", "--period", "2026-10"));
        cases.add(run("--sandbox-latency-ms -1", "--sandbox-latency-ms must be 0 to 60000", "--sandbox",
                "--sandbox-latency-ms", "-1", "run", "--period", "2026-10"));
        cases.add(run("sandbox serve into a missing folder", "--payers-csv {files}/missing/payers.csv: the folder"
                + " {files}/missing does not exist", "sandbox", "serve", "--port", "0", "--payers-csv",
                "{files}/missing/payers.csv"));
        cases.add(run("sandbox serve on port 70000", "--port must be 0 to 65535", "sandbox", "serve", "--port",
                "70000", "--payers-csv", "{files}/serve.csv"));
        cases.add(config("lease seconds -5", "job:\n    lease-seconds: -5",
                "line 3, column 20: billing.job.lease-seconds: must be at least 3"));
        cases.add(config("progress interval -1", "progress:\n    interval-seconds: -1",
                "billing.progress.interval-seconds: must be 0 or more"));
        cases.add(config("pushgateway not a URL", "metrics:\n    pushgateway-url: pushgateway:9091",
                "billing.metrics.pushgateway-url: 'pushgateway:9091' is not an http(s) URL"));
        cases.add(config("remote timeout 0", "job:\n    remote-timeout: 0s", "billing.job.remote-timeout"));
        cases.add(config("remote timeout not a duration", "job:\n    remote-timeout: soon",
                "{files}/remote timeout not a duration.yml line 3, column 21: billing.job.remote-timeout: not a duration"
                        + " such as 30s or 5m: 'soon'"));
        cases.add(config("unknown partitioning", "job:\n    partitioning: remot",
                "line 3, column 19: billing.job.partitioning: unknown value 'remot'; expected one of local, remote"));
        cases.add(run("in-memory database", "an in-memory database forgets every run", "--db-url",
                "jdbc:h2:mem:billing", "--sandbox", "run", "--period", "2026-10"));
        // payment terms and approval
        cases.add(run("payment terms not a number", "--payment-terms-days: 'soon' is not a number of days from 0 to 365",
                "payers", "set", "--payer", "111122223333", "--from", "2026-10", "--payment-terms-days", "soon"));
        cases.add(run("approve without --by", "Missing required option: '--by=NAME'", "approve", "--period", "2026-10",
                "--revision", "1"));
        cases.add(run("reject without --reason", "Missing required option: '--reason=TEXT'", "reject", "--period",
                "2026-10", "--revision", "1", "--by", "ana"));
        cases.add(run("approve with a blank --by", "--by must not be blank", "approve", "--period", "2026-10",
                "--revision", "1", "--by", " "));
        return cases.stream();
    }

    /** Nine levels of aliases, each ten of the one before: 10^9 strings if a parser expanded them. */
    private static String billionLaughs() {
        StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char p = (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [").append(String.join(",",
                    java.util.Collections.nCopies(10, "*" + p))).append("]\n");
        }
        return yaml.toString();
    }

    private static Case run(String name, String expected, String... args) {
        return new Case(name, expected, List.of(args), Map.of());
    }

    private static Case csv(String name, String expected, String content) {
        String file = name.replace(' ', '-') + ".csv";
        Map<String, String> write = new LinkedHashMap<>();
        if (content != null) {
            write.put(file, content);
        }
        return new Case(name, expected.replace("{files}/nope.csv", "{files}/" + file),
                List.of("payers", "import", "{files}/" + file), write);
    }

    /** A config file with one setting under billing:, used by a sandbox run of a closed month. */
    private static Case config(String name, String billing, String expected) {
        return new Case(name, expected, List.of("--config", "{files}/" + name + ".yml", "--sandbox", "run", "--period",
                "2026-10"), Map.of(name + ".yml", "billing:\n  " + billing + "\n"));
    }

    private static Case status(Case c) {
        return new Case(c.name(), c.expected(), List.of(c.args().get(0), c.args().get(1), "status"), c.files());
    }

    private static Case rules(String name, String yaml, String expected) {
        Map<String, String> write = Map.of(name + ".yml", "billing:\n  pricing-rules: " + name + "-rules.yml\n",
                name + "-rules.yml", yaml);
        return new Case(name, expected, List.of("--config", "{files}/" + name + ".yml", "--sandbox", "run", "--period",
                "2026-10"), write);
    }

    private static Case rates(String name, String csv, String expected) {
        Map<String, String> write = Map.of(name + ".yml", "billing:\n  exchange-rates: " + name + ".csv\n",
                name + ".csv", csv);
        return new Case(name, "{files}/" + name + ".csv " + expected, List.of("--config", "{files}/" + name + ".yml",
                "--sandbox", "run", "--period", "2026-10"), write);
    }

    private static String fill(String text) {
        return text.replace("{files}", files.toString()).replace("{data}", data.toString());
    }

    /** Every file under the folder with the SHA-256 of its bytes. */
    private static Map<String, String> contents(Path dir) throws Exception {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                contents.put(dir.relativize(p).toString(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return contents;
    }
}

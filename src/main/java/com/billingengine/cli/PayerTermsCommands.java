package com.billingengine.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import com.billingengine.payers.PayerFields;
import com.billingengine.payers.PayerImportException;
import com.billingengine.payers.PayerLifecycle;
import com.billingengine.payers.PayerRegistry;
import com.billingengine.payers.PayerVersion;
import com.billingengine.period.BillingPeriod;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The dated changes of a payer's terms ({@code payers set|suspend|resume|offboard}) and its history. Each change is a
 * new registry version from a period on: periods before it keep their terms, and so do their reruns.
 */
final class PayerTermsCommands {

    private PayerTermsCommands() {
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = {
            "New terms for a payer from a period on: markup, invoice currency, or the customer it is invoiced to "
                    + "(a customer moving its payer to a subsidiary). Periods before --from keep their terms.",
            "Exit 2 on bad input, 3 when the history forbids it (dated before the payer's latest version, or after "
                    + "its offboarding). Prints what changed."})
    static final class SetTerms implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        PayerOption payer;

        @Option(names = "--from", required = true, paramLabel = "YYYY-MM", description = "First period of the new terms.")
        String from;

        @Option(names = "--markup", paramLabel = "PERCENT",
                description = "Registry markup percent (negative: a discount) where no pricing rule applies.")
        String markup;

        @Option(names = "--currency", paramLabel = "CUR", description = "ISO 4217 invoice currency.")
        String currency;

        @Option(names = "--customer-id", paramLabel = "ID", description = "ERP customer number (with --customer-name).")
        String customerId;

        @Option(names = "--customer-name", paramLabel = "NAME", description = "Customer name on the invoice (with --customer-id).")
        String customerName;

        @Option(names = "--payment-terms-days", paramLabel = "DAYS", description = "Days from an invoice's issue date to"
                + " its due date (0-365; without it the job's billing.export.payment-terms-days applies).")
        String paymentTermsDays;

        @Override
        public Integer call() {
            String id = payer.id();
            BillingPeriod period = BillingPeriod.parse(from);
            BigDecimal newMarkup = markup == null ? null : PayerFields.markupPercent(markup);
            String newCurrency = currency == null ? null : PayerFields.currency(currency);
            if ((customerId == null) != (customerName == null)) {
                throw new IllegalArgumentException("--customer-id and --customer-name go together: a customer move names"
                        + " both the new customer number and the name on its invoice");
            }
            String newCustomerId = customerId == null ? null : PayerFields.customerId("--customer-id", customerId);
            String newCustomerName = customerName == null ? null : PayerFields.customerName("--customer-name", customerName);
            Integer newTerms = paymentTermsDays == null ? null : paymentTermsDays(paymentTermsDays);
            if (newMarkup == null && newCurrency == null && newCustomerId == null && newTerms == null) {
                throw new IllegalArgumentException("nothing to set: give --markup, --currency, --payment-terms-days or"
                        + " --customer-id with --customer-name");
            }
            return change(spec, lifecycle -> lifecycle.set(id, period, newMarkup, newCurrency, newCustomerId,
                    newCustomerName, newTerms));
        }

        private static int paymentTermsDays(String text) {
            try {
                int days = Integer.parseInt(text.strip());
                if (days >= 0 && days <= 365) {
                    return days;
                }
            } catch (NumberFormatException e) {
                // named below
            }
            throw new IllegalArgumentException("--payment-terms-days: '" + text + "' is not a number of days from 0"
                    + " to 365");
        }
    }

    @Command(name = "suspend", mixinStandardHelpOptions = true, description = {
            "Stops billing a payer from a period on (e.g. for non-payment) until `payers resume`; earlier periods and "
                    + "their reruns still bill it. Exit 3 when it is suspended or offboarded then already."})
    static final class Suspend implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        PayerOption payer;

        @Option(names = "--from", required = true, paramLabel = "YYYY-MM", description = "First period not billed.")
        String from;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the history.")
        String reason;

        @Override
        public Integer call() {
            String id = payer.id();
            BillingPeriod period = BillingPeriod.parse(from);
            return change(spec, lifecycle -> lifecycle.suspend(id, period, reason(reason)));
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = {
            "Bills a suspended payer again from a period on. Exit 3 when it is not suspended then."})
    static final class Resume implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        PayerOption payer;

        @Option(names = "--from", required = true, paramLabel = "YYYY-MM", description = "First period billed again.")
        String from;

        @Override
        public Integer call() {
            String id = payer.id();
            BillingPeriod period = BillingPeriod.parse(from);
            return change(spec, lifecycle -> lifecycle.resume(id, period));
        }
    }

    @Command(name = "offboard", mixinStandardHelpOptions = true, description = {
            "A customer leaves: the payer is billed through --last-period and never after. Reruns of its periods (a "
                    + "late credit weeks later) still bill it exactly as before."})
    static final class Offboard implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        PayerOption payer;

        @Option(names = "--last-period", required = true, paramLabel = "YYYY-MM", description = "Last period billed.")
        String lastPeriod;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the history.")
        String reason;

        @Override
        public Integer call() {
            String id = payer.id();
            BillingPeriod period = BillingPeriod.parse(lastPeriod);
            return change(spec, lifecycle -> lifecycle.offboard(id, period, reason(reason)));
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = {
            "A payer's registry versions in the order they were recorded: from which period each is in force, its "
                    + "terms, and who recorded it when."})
    static final class History implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        PayerOption payer;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @Override
        public Integer call() {
            String id = payer.id();
            List<PayerVersion> history;
            try (Engine engine = Engine.start(BillingEngineCli.global(spec), Engine.Use.READS)) {
                history = engine.bean(PayerRegistry.class).history(id);
            }
            if (history.isEmpty()) {
                throw new PayerImportException("payer " + id + " is not in the registry (see `payers list`)");
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(history.stream().map(History::asMap).toList()));
            } else {
                out.printf("%-7s  %-18s  %-10s  %-30s  %-3s  %7s  %-8s  %-10s  %-20s  %s%n", "VERSION", "IN FORCE",
                        "CUSTOMER", "NAME", "CUR", "MARKUP%", "TERMS", "STATUS", "RECORDED", "BY / REASON");
                for (PayerVersion v : history) {
                    out.printf("%-7d  %-18s  %-10s  %-30s  %-3s  %7s  %-8s  %-10s  %-20s  %s%n", v.version(),
                            v.fromText(), v.customerId(), v.customerName(), v.currency(),
                            v.markupPercent().toPlainString(), v.paymentTermsText(), v.status(), v.recordedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                            v.recordedBy() + (v.reason() == null ? "" : " — " + v.reason()));
                }
            }
            out.flush();
            return BillingEngineCli.OK;
        }

        private static Map<String, Object> asMap(PayerVersion v) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("payerAccountId", v.payerAccountId());
            m.put("version", v.version());
            m.put("from", v.from() == null ? null : v.from().toString());
            m.put("customerId", v.customerId());
            m.put("customerName", v.customerName());
            m.put("currency", v.currency());
            m.put("markupPercent", v.markupPercent().toPlainString());
            m.put("status", v.status().name());
            m.put("paymentTermsDays", v.paymentTermsDays());
            m.put("reason", v.reason());
            m.put("recordedBy", v.recordedBy());
            m.put("recordedAt", v.recordedAt().toString());
            return m;
        }
    }

    /** The {@code --payer ID} every change names, checked as a 12-digit account id. */
    static final class PayerOption {

        @Option(names = "--payer", required = true, paramLabel = "ID", description = "12-digit management account id.")
        String payer;

        String id() {
            return PayerFields.accountId(payer);
        }
    }

    private static String reason(String text) {
        return text == null || text.isBlank() ? null : PayerFields.required("--reason", text);
    }

    /** Runs a change and prints what it did: the new version, or that nothing changed. */
    private static int change(CommandSpec spec, Function<PayerLifecycle, PayerLifecycle.Change> change) {
        PayerLifecycle.Change done;
        try (Engine engine = Engine.start(BillingEngineCli.global(spec), Engine.Use.REGISTRY)) {
            done = change.apply(engine.bean(PayerLifecycle.class));
        }
        PrintWriter out = spec.commandLine().getOut();
        PayerVersion before = done.before();
        if (done.unchanged()) {
            out.println("payer " + before.payerAccountId() + ": no change (the terms in force are already these,"
                    + " version " + before.version() + ", " + before.fromText() + ")");
        } else {
            PayerVersion v = done.recorded();
            out.println("payer " + v.payerAccountId() + ": version " + v.version() + " " + v.fromText() + ": "
                    + String.join(", ", done.changes()) + (v.reason() == null ? "" : " (" + v.reason() + ")")
                    + (java.util.Objects.equals(before.from(), v.from())
                            ? "; it supersedes version " + before.version() + " (kept in the history)"
                            : "; before " + v.from() + " version " + before.version() + " (" + before.fromText()
                                    + ") stays in force"));
        }
        out.flush();
        return BillingEngineCli.OK;
    }
}

package com.billingengine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import com.billingengine.payers.PayerAccount;
import com.billingengine.payers.PayerFields;
import com.billingengine.payers.PayerImportException;
import com.billingengine.payers.PayerRegistry;
import com.billingengine.payers.PayersCsv;
import com.billingengine.period.BillingPeriod;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "payers", mixinStandardHelpOptions = true,
        description = {"The registry of onboarded payer (management) accounts and their terms over time.",
                "A payer's terms (customer, currency, markup, status) are versions, each in force from a period on; a "
                        + "period is billed with the version in force for it, reruns included, and only payers ACTIVE "
                        + "in the period (and validated) are billed. Changes are dated: set, suspend, resume, offboard; "
                        + "nothing overwrites the terms of a period already billed."},
        subcommands = {PayersCommand.ListPayers.class, PayersCommand.ImportPayers.class, PayersCommand.AddPayer.class,
                PayerTermsCommands.SetTerms.class, PayerTermsCommands.Suspend.class, PayerTermsCommands.Resume.class,
                PayerTermsCommands.Offboard.class, PayerTermsCommands.History.class,
                QuickLinkCommand.class, TemplateCommand.class, ValidateCommand.class})
final class PayersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BillingEngineCli.usage(spec);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"Lists the registry with the terms in force "
            + "now (this month), or with --period the terms in force then: what a run of that period bills.",
            "VERSION is the registry version in force (`payers history --payer ID` lists them all)."})
    static final class ListPayers implements Callable<Integer> {


        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @Option(names = "--period", paramLabel = "YYYY-MM", description = "The registry as it stands for this period.")
        String period;

        @Override
        public Integer call() {
            BillingPeriod at = period == null ? null : BillingPeriod.parse(period);
            try (Engine engine = Engine.start(BillingEngineCli.global(spec), Engine.Use.READS)) {
                PayerRegistry registry = engine.bean(PayerRegistry.class);
                List<PayerAccount> payers = at == null ? registry.findAll() : registry.findAll(at);
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    out.println(Json.write(payers.stream().map(PayerJson::of).toList()));
                } else if (payers.isEmpty()) {
                    out.println("the registry is empty: add payers with `payers import FILE` or `payers add`");
                } else {
                    int defaultDays = engine.bean(com.billingengine.BillingProperties.class).export()
                            .paymentTermsDays();
                    out.printf("%-12s  %-10s  %-30s  %-3s  %-10s  %7s  %-16s  %7s  %s%n", "PAYER", "CUSTOMER", "NAME",
                            "CUR", "STATUS", "MARKUP%", "PAYMENT TERMS", "VERSION", "ROLE");
                    for (PayerAccount p : payers) {
                        out.printf("%-12s  %-10s  %-30s  %-3s  %-10s  %7s  %-16s  %7d  %s%n", p.payerAccountId(),
                                p.customerId(), p.customerName(), p.currency(), p.status(),
                                p.markupPercent().toPlainString(), paymentTerms(p, defaultDays), p.registryVersion(),
                                p.roleArn());
                    }
                }
                out.flush();
                return BillingEngineCli.OK;
            }
        }

        /** "14 days", or "30 days (default)" where the registry has none and the job's setting applies. */
        static String paymentTerms(PayerAccount p, int defaultDays) {
            return p.paymentTermsDays() == null ? defaultDays + " days (default)" : p.paymentTermsDays() + " days";
        }

        /**
         * {@code payers list --json}: a payer with the terms in force; {@code paymentTermsDays} null where the job's
         * billing.export.payment-terms-days applies.
         */
        record PayerJson(String payerAccountId, String customerId, String customerName, String currency,
                String roleArn, String status, String markupPercent, Integer paymentTermsDays, String validatedAt,
                int registryVersion) {

            static PayerJson of(PayerAccount p) {
                return new PayerJson(p.payerAccountId(), p.customerId(), p.customerName(), p.currency(), p.roleArn(),
                        p.status().name(), p.markupPercent().toPlainString(), p.paymentTermsDays(),
                        p.validatedAt() == null ? null : p.validatedAt().toString(), p.registryVersion());
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Adds the payers of a CSV file (header payer_account_id,customer_id,customer_name,currency,"
                    + "role_arn,status; optional markup_percent, payment_terms_days). Status PENDING (or empty), "
                    + "SUSPENDED or OFFBOARDED; ACTIVE is refused (exit 2): `payers validate` activates a payer.",
                    "The whole file is checked first: one bad row adds nothing (exit 2). A payer already registered "
                            + "with the same entry is left as it is (an import can be repeated); one whose entry "
                            + "differs is refused naming it: change terms with `payers set` (dated), never by import."})
    static final class ImportPayers implements Callable<Integer> {


        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The CSV file.")
        Path file;

        @Option(names = "--from", paramLabel = "YYYY-MM", description = "The first period the new payers are "
                + "billable in (default: any period; a rerun of an earlier month then names them as a change).")
        String from;

        @Override
        public Integer call() {
            List<PayerAccount> payers = PayersCsv.read(file);
            BillingPeriod first = from == null ? null : BillingPeriod.parse(from);
            List<PayerAccount> added;
            try (Engine engine = Engine.start(BillingEngineCli.global(spec), Engine.Use.REGISTRY)) {
                added = engine.bean(PayerRegistry.class).addAll(payers, first);
            }
            spec.commandLine().getOut().println("imported " + added.size() + " payer(s) from " + file
                    + (added.size() < payers.size() ? " (" + (payers.size() - added.size())
                            + " already registered unchanged)" : "") + (first == null ? "" : ", billable from " + first));
            return BillingEngineCli.OK;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds one payer to the registry.")
    static final class AddPayer implements Callable<Integer> {


        @Spec
        CommandSpec spec;

        @Option(names = "--payer", required = true, paramLabel = "ID", description = "12-digit management account id.")
        String payer;

        @Option(names = "--customer-id", required = true, description = "ERP customer number.")
        String customerId;

        @Option(names = "--customer-name", required = true, description = "Customer name on the invoice.")
        String customerName;

        @Option(names = "--currency", required = true, description = "ISO 4217 invoice currency.")
        String currency;

        @Option(names = "--role-arn", description = "Billing role ARN (default: the stack's "
                + PayerAccount.BILLING_ROLE + " in the payer account).")
        String roleArn;

        @Option(names = "--status", defaultValue = "PENDING",
                description = "PENDING (default; `payers validate` activates), SUSPENDED or OFFBOARDED. ACTIVE is "
                        + "refused (exit 2): a payer becomes ACTIVE only by passing `payers validate`.")
        String status;

        @Option(names = "--markup", paramLabel = "PERCENT", defaultValue = "0",
                description = "Markup percent (negative for a discount) when no pricing rule applies.")
        String markup;

        @Option(names = "--from", paramLabel = "YYYY-MM",
                description = "The first period the payer is billable in (default: any period).")
        String from;

        @Override
        public Integer call() {
            PayerAccount account;
            try {
                String id = PayerFields.accountId(payer);
                if (PayerFields.status(status) == com.billingengine.payers.PayerStatus.ACTIVE) {
                    throw new IllegalArgumentException("--status ACTIVE is refused: a payer becomes ACTIVE only by"
                            + " passing the onboarding checks; add it without --status (PENDING), then run `payers"
                            + " validate --payer " + id + "`");
                }
                account = new PayerAccount(id, PayerFields.customerId("--customer-id", customerId),
                        PayerFields.customerName("--customer-name", customerName), PayerFields.currency(currency),
                        PayerFields.roleArn(roleArn, id), PayerFields.status(status), PayerFields.markupPercent(markup),
                        null);
            } catch (IllegalArgumentException e) {
                throw new PayerImportException(e.getMessage());
            }
            BillingPeriod first = from == null ? null : BillingPeriod.parse(from);
            List<PayerAccount> added;
            try (Engine engine = Engine.start(BillingEngineCli.global(spec), Engine.Use.REGISTRY)) {
                added = engine.bean(PayerRegistry.class).addAll(List.of(account), first);
            }
            if (added.isEmpty()) {
                spec.commandLine().getOut().println("payer " + account.payerAccountId() + " is already registered"
                        + " with these terms: nothing changed");
                return BillingEngineCli.OK;
            }
            spec.commandLine().getOut().println("added payer " + account.payerAccountId() + " (" + account.customerName()
                    + ", " + account.status() + ")");
            return BillingEngineCli.OK;
        }
    }

}

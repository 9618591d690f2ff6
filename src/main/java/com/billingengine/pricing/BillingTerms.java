package com.billingengine.pricing;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.billingengine.payers.PayerAccount;
import com.billingengine.payers.PayerRegistry;
import com.billingengine.payers.RunPayers;
import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;

/**
 * The terms of a period over time (table {@code run_terms}, with {@code run_exchange_rate} and {@code run_payer}): a
 * revision records the rules in force for its period and the charge handling at its first attempt to price, and
 * every restart prices with what it recorded, as it does with the exchange rates; {@link #now} is what a new
 * revision of the period would be priced with today.
 */
@Component
public class BillingTerms {

    private static final Logger log = LoggerFactory.getLogger(BillingTerms.class);

    /** The pricing a revision recorded: its rules (in force for its period) and charge handling. */
    record Recorded(PricingRules rules, ChargePolicy charges, String rulesSha256) {
    }

    private final JdbcClient jdbc;
    private final PricingRules fileRules;
    private final ChargePolicy chargePolicy;
    private final ExchangeRates exchangeRates;
    private final PayerRegistry registry;
    private final RunPayers runPayers;
    private final int defaultPaymentTermsDays;
    private final int invoiceDay;

    BillingTerms(JdbcClient jdbc, PricingRules fileRules, ChargePolicy chargePolicy, ExchangeRates exchangeRates,
            PayerRegistry registry, RunPayers runPayers) {
        this(jdbc, fileRules, chargePolicy, exchangeRates, registry, runPayers, 30, 1);
    }

    /**
     * @param defaultPaymentTermsDays billing.export.payment-terms-days: a payer's terms where the registry has none
     * @param invoiceDay              billing.export.invoice-day now: what a new revision of a period never invoiced
     *                                dates its invoices with
     */
    @org.springframework.beans.factory.annotation.Autowired
    BillingTerms(JdbcClient jdbc, PricingRules fileRules, ChargePolicy chargePolicy, ExchangeRates exchangeRates,
            PayerRegistry registry, RunPayers runPayers,
            @org.springframework.beans.factory.annotation.Value("${billing.export.payment-terms-days:30}")
            int defaultPaymentTermsDays,
            @org.springframework.beans.factory.annotation.Value("${billing.export.invoice-day:1}") int invoiceDay) {
        this.defaultPaymentTermsDays = defaultPaymentTermsDays;
        this.invoiceDay = invoiceDay;
        this.jdbc = jdbc;
        this.fileRules = fileRules;
        this.chargePolicy = chargePolicy;
        this.exchangeRates = exchangeRates;
        this.registry = registry;
        this.runPayers = runPayers;
    }

    /**
     * Fixes the pricing terms of a revision about to start (if not yet fixed): a rerun is priced with exactly the
     * terms its launch compared with those of the revision it corrects, even if it fails and a file changes before
     * its restart.
     */
    public void fix(BillingRun run) {
        forRun(run);
    }

    /** What prices the run: recorded at its first call, then the same on every restart, whatever the files say. */
    Recorded forRun(BillingRun run) {
        Optional<Recorded> recorded = pricing(run);
        if (recorded.isPresent()) {
            String now = PricingRules.sha256(fileRules.inForce(run.period()).canonicalYaml());
            if (!now.equals(recorded.get().rulesSha256()) || !chargePolicy.canonical().equals(recorded.get().charges().canonical())) {
                log.warn("{}: pricing with the rules and charge handling recorded for this run (rule set {}), not the"
                        + " files' as they are now (rule set {}): a run never prices with two sets of terms; bill the"
                        + " new terms with `run --rerun --reprice`", run, recorded.get().rulesSha256().substring(0, 12),
                        now.substring(0, 12));
            }
            return recorded.get();
        }
        PricingRules inForce = fileRules.inForce(run.period());
        String yaml = inForce.canonicalYaml();
        String sha256 = PricingRules.sha256(yaml);
        jdbc.sql("INSERT INTO run_terms (billing_period, revision, rules_source, rules_sha256, rules, charges,"
                        + " invoice_day) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(run.periodText(), run.revision(), fileRules.source(), sha256, yaml, chargePolicy.canonical(),
                        invoiceDayToRecord(run))
                .update();
        log.info("{}: recorded the pricing terms: rule set {} ({} rule(s) and custom line item(s) in force, from {})",
                run, sha256.substring(0, 12), inForce.definitions().size(), fileRules.source());
        return new Recorded(inForce, chargePolicy, sha256);
    }

    /**
     * The invoice day a new revision dates its documents with: that of the revision it corrects (the last exported
     * one before it: the invoice the ERP holds was issued then), else the setting now.
     */
    private int invoiceDayToRecord(BillingRun run) {
        Integer corrected = jdbc.sql("SELECT t.invoice_day FROM run_terms t WHERE t.billing_period = ? AND t.revision ="
                        + " (SELECT MAX(f.revision) FROM export_file f WHERE f.billing_period = ? AND f.revision < ?)")
                .params(run.periodText(), run.periodText(), run.revision())
                .query((rs, i) -> (Integer) rs.getObject("invoice_day", Integer.class)).optional().orElse(null);
        if (corrected != null && corrected != invoiceDay) {
            log.warn("{}: dating its documents with invoice day {} as the revision it corrects was, not"
                    + " billing.export.invoice-day {} now: an invoice issued keeps its issue date", run, corrected,
                    invoiceDay);
        }
        return corrected != null ? corrected : invoiceDay;
    }

    /**
     * The invoice day (billing.export.invoice-day) the run recorded at its first start; a run recorded before
     * invoice days were, or not yet started, the setting now.
     */
    public int invoiceDayOf(BillingRun run) {
        Integer recorded = jdbc.sql("SELECT invoice_day FROM run_terms WHERE billing_period = ? AND revision = ?")
                .params(run.periodText(), run.revision())
                .query((rs, i) -> (Integer) rs.getObject("invoice_day", Integer.class)).optional().orElse(null);
        if (recorded != null && recorded != invoiceDay) {
            log.warn("{}: dating its documents with invoice day {}, recorded at its first start, not"
                    + " billing.export.invoice-day {} now", run, recorded, invoiceDay);
        }
        return recorded != null ? recorded : invoiceDay;
    }

    /** The pricing the run recorded, if it has priced. */
    Optional<Recorded> pricing(BillingRun run) {
        return jdbc.sql("SELECT rules_source, rules_sha256, rules, charges FROM run_terms"
                        + " WHERE billing_period = ? AND revision = ?")
                .params(run.periodText(), run.revision())
                .query((rs, i) -> new Recorded(PricingRules.parse("the rules recorded for " + run + " (from "
                        + rs.getString("rules_source") + ")", rs.getString("rules")),
                        ChargePolicy.ofCanonical(rs.getString("charges")), rs.getString("rules_sha256")))
                .optional();
    }

    /** The rules (in force for its period) that priced the run, as it recorded them; none before it priced. */
    public PricingRules rulesOf(BillingRun run) {
        return pricing(run).map(Recorded::rules).orElse(PricingRules.empty());
    }

    /** The terms that priced a revision, as it recorded them; empty when it never fixed its payers. */
    public Optional<PeriodTerms> recorded(BillingRun run) {
        List<PayerAccount> payers = runPayers.forRun(run);
        if (payers.isEmpty()) {
            return Optional.empty();
        }
        Map<String, BigDecimal> rates = new RunExchangeRates(jdbc, exchangeRates).recorded(run);
        return Optional.of(pricing(run)
                .map(p -> terms(p.rulesSha256(), p.rules(), p.charges(), rates, payers))
                .orElseGet(() -> new PeriodTerms(null, null, null, rates, payerTerms(payers, defaultPaymentTermsDays))));
    }

    /**
     * Before a run starts, so nothing is asked of AWS for a month that could not be invoiced: every currency of the
     * payers billable in the period has a rate in the rates file, or, for a restart, one recorded by the revision
     * it continues (a run never bills with two rates).
     *
     * @throws ExchangeRatesException naming each missing currency, the period and the file, one per line
     */
    public void requireRates(BillingPeriod period, boolean restart) {
        java.util.Set<String> recorded = new TreeSet<>();
        if (restart) {
            jdbc.sql("SELECT currency FROM run_exchange_rate WHERE billing_period = ? AND revision ="
                    + " (SELECT MAX(revision) FROM run_exchange_rate WHERE billing_period = ?)")
                    .params(period.toString(), period.toString()).query(String.class).list().forEach(recorded::add);
        }
        List<String> missing = registry.billableIn(period).stream().map(PayerAccount::currency)
                .filter(c -> !recorded.contains(c) && exchangeRates.rate(c, period).isEmpty())
                .distinct().sorted()
                .map(c -> new MissingExchangeRateException(c, period, exchangeRates.source()).getMessage()).toList();
        if (!missing.isEmpty()) {
            throw new ExchangeRatesException(String.join(System.lineSeparator() + "error: ", missing)
                    + " (checked before any AWS request; nothing was run)");
        }
    }

    /** The terms a new revision of the period would be priced with now: the files' and the registry's for it. */
    public PeriodTerms now(BillingPeriod period) {
        List<PayerAccount> payers = registry.billableIn(period);
        Map<String, BigDecimal> rates = new TreeMap<>();
        payers.stream().map(PayerAccount::currency).distinct()
                .forEach(c -> exchangeRates.rate(c, period).ifPresent(rate -> rates.put(c, rate)));
        PricingRules inForce = fileRules.inForce(period);
        return terms(PricingRules.sha256(inForce.canonicalYaml()), inForce, chargePolicy, rates, payers);
    }

    /** What in the rules that priced the run billed nothing: for the run's summary (see {@link PricingRules#unused}). */
    public List<String> unusedRules(BillingRun run) {
        List<PayerAccount> payers = runPayers.forRun(run);
        List<String> accounts = jdbc.sql("SELECT DISTINCT account_id FROM linked_account"
                + " WHERE billing_period = ? AND revision = ?").params(run.periodText(), run.revision())
                .query(String.class).list();
        return pricing(run).map(p -> p.rules().unused(run.period(),
                payers.stream().map(PayerAccount::customerId).collect(java.util.stream.Collectors.toCollection(TreeSet::new)),
                payers.stream().map(PayerAccount::payerAccountId).toList(), accounts)).orElse(List.of());
    }

    private PeriodTerms terms(String sha256, PricingRules rules, ChargePolicy charges,
            Map<String, BigDecimal> rates, List<PayerAccount> payers) {
        Map<String, String> handling = new LinkedHashMap<>();
        for (String entry : charges.canonical().split(",")) {
            String[] kv = entry.split("=", 2);
            handling.put(kv[0], kv[1]);
        }
        return new PeriodTerms(sha256, rules.definitions(), handling, rates, payerTerms(payers, defaultPaymentTermsDays));
    }

    /** A recorded payer's days are those payerDiscovery fixed; one recorded before payment terms, the default. */
    private static Map<String, PeriodTerms.PayerTerm> payerTerms(List<PayerAccount> payers, int defaultDays) {
        Map<String, PeriodTerms.PayerTerm> terms = new TreeMap<>();
        payers.forEach(p -> terms.put(p.payerAccountId(), new PeriodTerms.PayerTerm(p.payerAccountId(), p.customerId(),
                p.customerName(), p.currency(), p.markupPercent(), p.registryVersion(), p.paymentTermsDays(defaultDays))));
        return terms;
    }
}

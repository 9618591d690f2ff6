package com.billingengine.payers;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.billingengine.period.BillingPeriod;

/**
 * Changes of a payer's terms from a period on — markup, currency, customer, suspension, resumption, offboarding —
 * each recorded as a new version; the terms of earlier periods stay as they were billed.
 */
@Service
public class PayerLifecycle {

    private final PayerRegistry registry;

    PayerLifecycle(PayerRegistry registry) {
        this.registry = registry;
    }

    /** What a change did: the terms in force before it for its period, and the version it recorded (null: none). */
    public record Change(PayerVersion before, PayerVersion recorded, List<String> changes) {

        public boolean unchanged() {
            return recorded == null;
        }
    }

    /** New terms from {@code from} on; null arguments keep the terms in force then. */
    @Transactional
    public Change set(String payer, BillingPeriod from, BigDecimal markup, String currency, String customerId,
            String customerName) {
        return set(payer, from, markup, currency, customerId, customerName, null);
    }

    /** As above, with the payment terms in days (null: keep them). */
    @Transactional
    public Change set(String payer, BillingPeriod from, BigDecimal markup, String currency, String customerId,
            String customerName, Integer paymentTermsDays) {
        PayerVersion base = base(payer, from);
        refuseOffboarded(base, from);
        PayerVersion next = base.with(from, customerId != null ? customerId : base.customerId(),
                customerName != null ? customerName : base.customerName(), currency != null ? currency : base.currency(),
                markup != null ? markup : base.markupPercent(), base.status(), null,
                paymentTermsDays != null ? paymentTermsDays : base.paymentTermsDays());
        List<String> changes = new ArrayList<>();
        describe(changes, "customer", base.customerId() + " (" + base.customerName() + ")",
                next.customerId() + " (" + next.customerName() + ")");
        describe(changes, "currency", base.currency(), next.currency());
        if (base.markupPercent().compareTo(next.markupPercent()) != 0) {
            changes.add("markup " + base.markupPercent().toPlainString() + "% → " + next.markupPercent().toPlainString() + "%");
        }
        if (!java.util.Objects.equals(base.paymentTermsDays(), next.paymentTermsDays())) {
            changes.add("payment terms " + base.paymentTermsText() + " → " + next.paymentTermsText());
        }
        return changes.isEmpty() ? new Change(base, null, changes) : new Change(base, registry.record(next), changes);
    }

    /** Not billed from {@code from} on until resumed. */
    @Transactional
    public Change suspend(String payer, BillingPeriod from, String reason) {
        PayerVersion base = base(payer, from);
        refuseOffboarded(base, from);
        if (base.status() == PayerStatus.SUSPENDED) {
            throw new RegistryStateException("payer " + payer + " is already suspended in " + from + " (version "
                    + base.version() + ", " + base.fromText() + "); resume it with `payers resume --payer " + payer
                    + " --from YYYY-MM`");
        }
        return status(base, from, PayerStatus.SUSPENDED, reason);
    }

    /** Billed again from {@code from} on. */
    @Transactional
    public Change resume(String payer, BillingPeriod from) {
        PayerVersion base = base(payer, from);
        refuseOffboarded(base, from);
        if (base.status() != PayerStatus.SUSPENDED) {
            throw new RegistryStateException("payer " + payer + " is not suspended in " + from + " (it is "
                    + base.status() + ", version " + base.version() + ", " + base.fromText() + "): nothing to resume");
        }
        return status(base, from, PayerStatus.ACTIVE, null);
    }

    /** Billed through {@code lastPeriod}, never after; its earlier periods (and their reruns) still bill it. */
    @Transactional
    public Change offboard(String payer, BillingPeriod lastPeriod, String reason) {
        BillingPeriod from = lastPeriod.next();
        PayerVersion base = base(payer, from);
        refuseOffboarded(base, from);
        return status(base, from, PayerStatus.OFFBOARDED, reason);
    }

    private Change status(PayerVersion base, BillingPeriod from, PayerStatus status, String reason) {
        PayerVersion recorded = registry.record(base.with(from, base.customerId(), base.customerName(), base.currency(),
                base.markupPercent(), status, reason, base.paymentTermsDays()));
        return new Change(base, recorded, List.of("status " + base.status() + " → " + status));
    }

    /** The version in force for the period (the payer's first one if it starts later). */
    private PayerVersion base(String payer, BillingPeriod from) {
        List<PayerVersion> history = registry.history(payer);
        if (history.isEmpty()) {
            throw new PayerImportException("payer " + payer + " is not in the registry (see `payers list`)");
        }
        return registry.inForce(payer, from).orElse(history.get(0));
    }

    private static void refuseOffboarded(PayerVersion base, BillingPeriod from) {
        if (base.status() == PayerStatus.OFFBOARDED) {
            throw new RegistryStateException("payer " + base.payerAccountId() + " is offboarded " + base.fromText()
                    + " (version " + base.version() + "): it is never billed after its last period, so nothing changes"
                    + " in " + from);
        }
    }

    private static void describe(List<String> changes, String what, String before, String now) {
        if (!before.equals(now)) {
            changes.add(what + " " + before + " → " + now);
        }
    }
}

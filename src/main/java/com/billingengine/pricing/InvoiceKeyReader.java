package com.billingengine.pricing;

import java.util.List;

import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * The invoices of one invoiceLines partition, as its context recorded them at the first split. Counting, so the
 * step's context keeps how many were read at each commit and a restart goes on after the last committed chunk.
 */
class InvoiceKeyReader extends AbstractItemCountingItemStreamItemReader<CustomerInvoice.InvoiceKey> {

    private final List<CustomerInvoice.InvoiceKey> keys;

    InvoiceKeyReader(List<CustomerInvoice.InvoiceKey> keys) {
        this.keys = keys;
        setName("invoiceKeys");
    }

    @Override
    protected CustomerInvoice.InvoiceKey doRead() {
        int next = getCurrentItemCount() - 1; // the count already includes the item being read
        return next < keys.size() ? keys.get(next) : null;
    }

    @Override
    protected void doOpen() {
        // the keys are in memory
    }

    @Override
    protected void doClose() {
        // nothing held
    }
}

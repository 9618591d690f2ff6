package com.billingengine.pricing;

import java.math.BigDecimal;
import java.util.List;

/** What invoiceLines computes for one customer and currency: the invoice key and its lines in invoice order. */
record CustomerInvoice(InvoiceKey key, List<InvoiceLine> lines) {

    /**
     * A customer's invoice is per currency: a customer with payers in two currencies gets two invoices.
     *
     * @param exchangeRate units of {@code currency} per 1 USD, as recorded for the run (see {@link RunExchangeRates})
     */
    record InvoiceKey(String customerId, String customerName, String currency, BigDecimal exchangeRate) {
    }
}

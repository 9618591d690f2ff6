package com.billingengine.export;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;

import com.billingengine.pricing.InvoiceLine;
import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;

/** invoice-lines.csv: RFC 4180 (CRLF, quotes only where needed), UTF-8, the contract's columns first. */
final class InvoiceLinesCsv {

    static final String[] HEADER = {"line_id", "period", "customer_id", "payer_account_id", "account_id",
            "account_name", "service", "charge_type", "aws_cost", "amount", "currency", "customer_name",
            "pricing_rule", "markup_percent", "exchange_rate"};

    private InvoiceLinesCsv() {
    }

    static int write(Path file, String period, Iterable<InvoiceLine> lines) throws IOException {
        int rows = 0;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVWriter csv = new CSVWriter(out, ICSVWriter.DEFAULT_SEPARATOR, ICSVWriter.DEFAULT_QUOTE_CHARACTER,
                        ICSVWriter.DEFAULT_QUOTE_CHARACTER, "\r\n")) {
            csv.writeNext(HEADER, false);
            for (InvoiceLine l : lines) {
                rows++;
                int digits = Currency.getInstance(l.currency()).getDefaultFractionDigits();
                csv.writeNext(new String[] {l.lineId(), period, text(l.customerId()), l.payerAccountId(),
                        l.accountId(), text(l.accountName()), text(l.service()), l.chargeType(),
                        Amounts.awsCost(l.awsCost()), l.amount().setScale(Math.max(digits, 0)).toPlainString(),
                        l.currency(), text(l.customerName()), text(l.pricingRule()), Amounts.plain(l.markupPercent()),
                        Amounts.plain(l.exchangeRate())}, false);
            }
            csv.flush();
            if (csv.checkError()) {
                throw new IOException("could not write " + file);
            }
        }
        return rows;
    }

    /**
     * A text cell a spreadsheet would read as a formula gets a leading apostrophe (CSV formula injection);
     * amounts are never text cells, so a negative amount keeps its minus sign.
     */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value == null ? "" : value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }
}

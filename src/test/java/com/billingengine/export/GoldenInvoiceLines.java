package com.billingengine.export;

import java.math.BigDecimal;
import java.util.List;

import com.billingengine.pricing.InvoiceLine;

/**
 * A fixed, hand-priced set of invoice lines for the golden-file tests, in the order the erpExport step reads them
 * (customer, currency, payer, account, service, charge type). Every amount is worked out below:
 * exact = AWS cost × (100 + markup %) / 100 × rate, amount = exact rounded half-up to the currency's minor unit.
 */
final class GoldenInvoiceLines {

    static final String PERIOD = "2026-10";
    /** The custom line item below, recurring in jobs/examples/pricing-rules.yml (focus.csv's ChargeFrequency). */
    static final String RECURRING_FEE = "acme-management-fee";

    /** Comma, quote, newline, leading '=', XML specials and Japanese in one account name. */
    static final String HOSTILE_ACCOUNT = "=Acme, \"Prod\"\n<R&D> 本番環境";
    static final String AT_ACCOUNT = "@billing-dev";
    static final String PLUS_ACCOUNT = "+Globex \"Lab\"; <test> & co";
    static final String JAPANESE_ACCOUNT = "データ分析";
    static final String JAPANESE_CUSTOMER = "グローベックス株式会社";

    private GoldenInvoiceLines() {
    }

    static List<InvoiceLine> lines() {
        return List.of(
                // C-1001 "Acme, Inc." in USD (rate 1), payer 123456789012 at its registry markup 4.75 %
                // custom fee from pricing-rules.yml: a fixed 250.00 in the invoice currency, no AWS cost, no payer
                line("L00000000000000c1", "C-1001", "Acme, Inc.", "USD", "", "", "", "Managed cloud operations fee",
                        "fee", "0", "250.00", "250.00", "acme-management-fee", "0", "1"),
                // credit, pass-through: -50.00 × 1 × 1 = -50.00
                line("L00000000000000a1", "C-1001", "Acme, Inc.", "USD", "123456789012", "210000000001", HOSTILE_ACCOUNT,
                        "Amazon Elastic Compute Cloud - Compute", "credit", "-50.00", "-50.00", "-50.00", "pass-through",
                        "0", "1"),
                // 1234.5678 × 1.0475 = 1293.2097705 → 1293.21
                line("L00000000000000a2", "C-1001", "Acme, Inc.", "USD", "123456789012", "210000000001", HOSTILE_ACCOUNT,
                        "Amazon Elastic Compute Cloud - Compute", "usage", "1234.5678", "1293.2097705", "1293.21",
                        "registry", "4.75", "1"),
                // tax billed with the markup (a charges.tax: bill setting; the default passes it through): 123.45 × 1.0475 = 129.313875 → 129.31
                line("L00000000000000a3", "C-1001", "Acme, Inc.", "USD", "123456789012", "210000000001", HOSTILE_ACCOUNT,
                        "Tax", "tax", "123.45", "129.313875", "129.31", "registry", "4.75", "1"),
                // 10.005 × 1.0475 = 10.4802375 → 10.48
                line("L00000000000000a4", "C-1001", "Acme, Inc.", "USD", "123456789012", "210000000002", AT_ACCOUNT,
                        "Amazon Simple Storage Service", "usage", "10.005", "10.4802375", "10.48", "registry", "4.75",
                        "1"),
                // invoice C-1001-2026-10-USD: exact 250 - 50 + 1293.2097705 + 129.313875 + 10.4802375 = 1633.003883
                // → total 1633.00 = 250.00 - 50.00 + 1293.21 + 129.31 + 10.48 (no largest-remainder adjustment)

                // C-2002 (Japanese name) in EUR at 0.9213 per USD, payer 987654321098 at registry markup 10 %
                // 99.99 × 1.10 = 109.989 × 0.9213 = 101.3328657 → 101.33
                line("L00000000000000b1", "C-2002", JAPANESE_CUSTOMER, "EUR", "987654321098", "300000000001",
                        PLUS_ACCOUNT, "AWS Lambda", "usage", "99.99", "101.3328657", "101.33", "registry", "10",
                        "0.9213"),
                // support at the global-support rule, 0 %: 100.00 × 1 × 0.9213 = 92.13
                line("L00000000000000b2", "C-2002", JAPANESE_CUSTOMER, "EUR", "987654321098", "300000000001",
                        PLUS_ACCOUNT, "AWS Support (Business)", "support", "100.00", "92.1300", "92.13",
                        "global-support", "0", "0.9213"),
                // 200.00 × 1.10 = 220 × 0.9213 = 202.686 → 202.69
                line("L00000000000000b3", "C-2002", JAPANESE_CUSTOMER, "EUR", "987654321098", "300000000001",
                        PLUS_ACCOUNT, "Savings Plans for AWS Compute usage", "savings-plan-fee", "200.00", "202.686",
                        "202.69", "registry", "10", "0.9213"),
                // 0.07 × 1.10 = 0.077 × 0.9213 = 0.0709401 → 0.07
                line("L00000000000000b4", "C-2002", JAPANESE_CUSTOMER, "EUR", "987654321098", "300000000002",
                        JAPANESE_ACCOUNT, "Amazon Relational Database Service", "usage", "0.07", "0.0709401", "0.07",
                        "registry", "10", "0.9213"));
                // invoice C-2002-2026-10-EUR: exact 101.3328657 + 92.13 + 202.686 + 0.0709401 = 396.2198058
                // → total 396.22 = 101.33 + 92.13 + 202.69 + 0.07
    }

    private static InvoiceLine line(String lineId, String customerId, String customerName, String currency,
            String payer, String account, String accountName, String service, String chargeType, String awsCost,
            String exact, String amount, String rule, String markup, String rate) {
        return new InvoiceLine(lineId, customerId, customerName, currency, payer, account, accountName, service,
                chargeType, new BigDecimal(awsCost), new BigDecimal(exact), new BigDecimal(amount), rule,
                new BigDecimal(markup), new BigDecimal(rate));
    }
}

package com.billingengine.export;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;
import java.util.function.Predicate;

import com.billingengine.pricing.ChargeType;
import com.billingengine.pricing.InvoiceLine;
import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;

/**
 * focus.csv: the billed invoice lines as a FinOps FOCUS 1.2 cost and usage dataset, one row per invoice line, seen
 * from the customer: the reseller is the invoice issuer and the amounts are what the customer is invoiced.
 * RFC 4180 (CRLF, quotes only where needed), UTF-8; a null is an empty cell. The columns, and why a Conditional one
 * is left out, are listed in {@code focus-1.2-columns.csv} beside this class.
 *
 * <p>Accounts: BillingAccountId is the ERP customer id (BillingAccountType "Customer") on every row, because the
 * invoice (InvoiceId) belongs to one customer and FOCUS wants one BillingAccountId per InvoiceId; SubAccountId is the
 * AWS linked account (SubAccountType "AWS Account"), null on the reseller's own line items.
 *
 * <p>Costs: BilledCost is the line's rounded amount, so the rows of an InvoiceId add up exactly to that invoice's
 * total. EffectiveCost equals it (no upfront fees are amortised: the invoice bills what AWS billed that month).
 * ListCost and ContractedCost equal it too: the customer's price list and contract <em>is</em> the reseller's
 * invoice (AWS cost × markup × rate), there is no other public or negotiated price to compare it with.
 *
 * <p>Quantities: the reseller prices per US dollar of AWS charges, so on Usage and Purchase rows PricingQuantity is
 * the line's AWS cost, PricingUnit "USD" and PricingCurrency "USD" (the invoice converts to BillingCurrency). There is
 * no ConsumedQuantity: the engine stages costs, not usage, and FOCUS wants that column only from a dataset that
 * measures usage (then never null on a Usage row).
 *
 * <p>ChargePeriod is the whole billing month because an invoice line sums the month. ChargeClass is null on an
 * invoice's rows; a revision that corrects an exported one carries only the delta rows, ChargeClass "Correction"
 * (FOCUS 1.2: rows correcting a previously invoiced billing period), so the corrected dataset plus its corrections
 * add up to the latest revision's bill.
 */
final class FocusCsv {

    /** Who issues the invoice, and publishes and provides the custom line items. */
    static final String RESELLER = "Billing Engine Reseller";
    static final String AWS = "AWS";
    static final String BILLING_ACCOUNT_TYPE = "Customer";
    static final String SUB_ACCOUNT_TYPE = "AWS Account";
    /** AWS prices in US dollars; the reseller's price is per dollar of AWS charges. */
    static final String AWS_PRICING_CURRENCY = "USD";

    /** FOCUS 1.2 columns in the specification's (alphabetical) order; see focus-1.2-columns.csv. */
    static final String[] HEADER = {"BilledCost", "BillingAccountId", "BillingAccountName", "BillingAccountType",
            "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
            "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost",
            "EffectiveCost", "InvoiceId", "InvoiceIssuerName", "ListCost", "PricingCurrency", "PricingQuantity",
            "PricingUnit", "ProviderName", "PublisherName", "RegionId", "RegionName", "ServiceCategory", "ServiceName",
            "ServiceSubcategory", "SkuId", "SubAccountId", "SubAccountName", "SubAccountType"};

    private FocusCsv() {
    }

    /** Writes the dataset with {@link #RESELLER} as invoice issuer and returns the number of rows. */
    static int write(Path file, String period, Iterable<InvoiceLine> lines) throws IOException {
        return write(file, period, RESELLER, lines);
    }

    /** Custom line items count as one-time here: without the pricing rules nothing says they recur. */
    static int write(Path file, String period, String reseller, Iterable<InvoiceLine> lines) throws IOException {
        return write(file, period, reseller, lines, "", line -> false);
    }

    /**
     * @param recurring whether a custom line item recurs (its pricing rule's {@code recurrence}); decides its
     *                  ChargeFrequency
     */
    static int write(Path file, String period, Iterable<InvoiceLine> lines, Predicate<InvoiceLine> recurring)
            throws IOException {
        return write(file, period, RESELLER, lines, "", recurring);
    }

    /** The delta rows of a correction (BilledCost is each changed line's delta), ChargeClass Correction. */
    static int writeCorrection(Path file, String period, List<InvoiceLine> deltas, Predicate<InvoiceLine> recurring)
            throws IOException {
        return write(file, period, RESELLER, deltas, "Correction", recurring);
    }

    private static int write(Path file, String period, String reseller, Iterable<InvoiceLine> lines,
            String chargeClass, Predicate<InvoiceLine> recurring) throws IOException {
        YearMonth month = YearMonth.parse(period);
        String start = month.atDay(1) + "T00:00:00Z";
        String end = month.plusMonths(1).atDay(1) + "T00:00:00Z";
        int rows = 0;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVWriter csv = new CSVWriter(out, ICSVWriter.DEFAULT_SEPARATOR, ICSVWriter.DEFAULT_QUOTE_CHARACTER,
                        ICSVWriter.DEFAULT_QUOTE_CHARACTER, "\r\n")) {
            csv.writeNext(HEADER, false);
            for (InvoiceLine l : lines) {
                rows++;
                csv.writeNext(row(l, period, start, end, reseller, chargeClass, recurring.test(l)), false);
            }
            csv.flush();
            if (csv.checkError()) {
                throw new IOException("could not write " + file);
            }
        }
        return rows;
    }

    /** One row in {@link #HEADER}'s order. */
    private static String[] row(InvoiceLine l, String period, String start, String end, String reseller,
            String chargeClass, boolean recurring) {
        boolean custom = isCustom(l);
        String cost = billedCost(l);
        String category = chargeCategory(l);
        // Usage and Purchase rows are priced per AWS dollar; FOCUS wants no quantity on Tax rows
        boolean priced = !custom && (category.equals("Usage") || category.equals("Purchase"));
        String provider = InvoiceLinesCsv.text(custom ? reseller : AWS);
        ServiceCategories.Category service = custom ? ServiceCategories.OTHER : ServiceCategories.of(l.service());
        boolean subAccount = !custom && l.accountId() != null && !l.accountId().isEmpty();
        return new String[] {
                cost,
                InvoiceLinesCsv.text(l.customerId()),
                InvoiceLinesCsv.text(l.customerName()),
                BILLING_ACCOUNT_TYPE,
                l.currency(),
                end,
                start,
                category,
                chargeClass,
                InvoiceLinesCsv.text(l.service() + " / " + l.chargeType()),
                chargeFrequency(l, recurring),
                end,
                start,
                cost,
                cost,
                InvoiceLinesCsv.text(invoiceId(l, period)),
                InvoiceLinesCsv.text(reseller),
                cost,
                custom ? l.currency() : AWS_PRICING_CURRENCY,
                priced ? Amounts.awsCost(l.awsCost()) : "",
                priced ? AWS_PRICING_CURRENCY : "",
                provider,
                provider,
                "", // RegionId: a line sums the service over all regions
                "",
                service.category(),
                InvoiceLinesCsv.text(l.service()),
                service.subcategory(),
                InvoiceLinesCsv.text(skuId(l, category)),
                subAccount ? l.accountId() : "",
                subAccount ? InvoiceLinesCsv.text(l.accountName()) : "",
                subAccount ? SUB_ACCOUNT_TYPE : ""};
    }

    /** One invoice per customer and currency, as invoices.xml groups them. */
    static String invoiceId(InvoiceLine line, String period) {
        return CustomerChange.invoiceId(line.customerId(), period, line.currency());
    }

    /** The invoice amount in the currency's minor unit, as invoice-lines.csv writes it. */
    static String billedCost(InvoiceLine line) {
        int digits = Math.max(0, Currency.getInstance(line.currency()).getDefaultFractionDigits());
        return line.amount().setScale(digits).toPlainString();
    }

    /** Custom line items from pricing-rules.yml belong to no payer account: the reseller charges them, not AWS. */
    static boolean isCustom(InvoiceLine line) {
        return line.payerAccountId() == null || line.payerAccountId().isEmpty();
    }

    /**
     * FOCUS allowed values Usage, Purchase, Tax, Credit, Adjustment. Commitment fees, support, fees and marketplace
     * subscriptions are bought (upfront or recurring), not metered; credits, refunds and discounts are reductions
     * granted by AWS; the reseller's own line items and unknown record types are adjustments.
     */
    static String chargeCategory(InvoiceLine line) {
        if (isCustom(line)) {
            return "Adjustment";
        }
        return switch (chargeType(line)) {
            case USAGE, DISCOUNTED_USAGE, SAVINGS_PLAN_COVERED_USAGE, SAVINGS_PLAN_NEGATION -> "Usage";
            case SAVINGS_PLAN_FEE, RI_FEE, SUPPORT, FEE, MARKETPLACE -> "Purchase";
            case TAX -> "Tax";
            case CREDIT, REFUND, DISCOUNT -> "Credit";
            case OTHER -> "Adjustment";
        };
    }

    /**
     * FOCUS allowed values One-Time, Recurring, Usage-Based (never Usage-Based on a Purchase). Metered usage, and the
     * tax AWS levies on it, follow use; commitment fees, support and marketplace subscriptions recur monthly whether
     * used or not; AWS's one-off fees (domain registrations, upfront payments), credits and refunds happen once.
     * A custom line item recurs as its pricing rule says.
     */
    static String chargeFrequency(InvoiceLine line, boolean recurringCustomItem) {
        if (isCustom(line)) {
            return recurringCustomItem ? "Recurring" : "One-Time";
        }
        return switch (chargeType(line)) {
            case USAGE, DISCOUNTED_USAGE, SAVINGS_PLAN_COVERED_USAGE, SAVINGS_PLAN_NEGATION, TAX -> "Usage-Based";
            case SAVINGS_PLAN_FEE, RI_FEE, SUPPORT, MARKETPLACE -> "Recurring";
            case FEE, CREDIT, REFUND, DISCOUNT, OTHER -> "One-Time";
        };
    }

    /**
     * What the reseller prices: one charge type of one AWS service (the pricing rules scope on both), or the custom
     * line item (its id). FOCUS wants no SKU on a Tax row.
     */
    static String skuId(InvoiceLine line, String chargeCategory) {
        if (chargeCategory.equals("Tax")) {
            return "";
        }
        return isCustom(line) ? line.pricingRule() : line.chargeType() + "/" + line.service();
    }

    private static ChargeType chargeType(InvoiceLine line) {
        return ChargeType.fromCode(line.chargeType()).orElse(ChargeType.OTHER);
    }
}

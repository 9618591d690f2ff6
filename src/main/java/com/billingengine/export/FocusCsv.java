package com.billingengine.export;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.billingengine.pricing.ChargeType;
import com.billingengine.pricing.InvoiceLine;
import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;

/**
 * focus.csv: the billed invoice lines as a FinOps FOCUS 1.2 cost and usage dataset, one row per invoice line, seen
 * from the customer: the reseller is the invoice issuer and the amounts are what the customer is invoiced.
 * RFC 4180 (CRLF, quotes only where needed), UTF-8; a null is an empty cell.
 *
 * <p>Costs: BilledCost is the line's rounded amount, so the rows of an InvoiceId add up exactly to that invoice's
 * total. EffectiveCost equals it (no upfront fees are amortised: the invoice bills what AWS billed that month).
 * ListCost and ContractedCost equal it too: the customer's price list and contract <em>is</em> the reseller's
 * invoice (AWS cost × markup × rate), there is no other public or negotiated price to compare it with.
 *
 * <p>ChargePeriod is the whole billing month because an invoice line sums the month. ChargeClass is null on an
 * invoice's rows; a revision that corrects an exported one carries only the delta rows, ChargeClass "Correction"
 * (FOCUS 1.2: rows correcting a previously invoiced billing period), so the corrected dataset plus its corrections
 * add up to the latest revision's bill.
 *
 * <p>Known gap: PricingQuantity and PricingUnit are null because Cost Explorer quantities are not staged yet.
 * FOCUS 1.2 wants both on Usage and Purchase rows; they will come with the usage quantity.
 */
final class FocusCsv {

    /** Who issues the invoice, and publishes and provides the custom line items. */
    static final String RESELLER = "Billing Engine Reseller";
    static final String AWS = "AWS";

    static final String[] HEADER = {"BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "BillingAccountId",
            "BillingAccountName", "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart",
            "ChargePeriodEnd", "ChargeCategory", "ChargeClass", "ChargeDescription", "PricingQuantity", "PricingUnit",
            "InvoiceIssuer", "Provider", "Publisher", "ServiceName", "ServiceCategory", "SubAccountId",
            "SubAccountName", "InvoiceId"};

    /** First match wins (case-insensitive substring of the Cost Explorer service name); anything else is Other. */
    private static final Map<String, String> SERVICE_CATEGORIES = new LinkedHashMap<>();

    static {
        category("Compute", "Elastic Compute Cloud", "EC2", "Lambda", "Elastic Container", "Fargate", "Lightsail",
                "Elastic Beanstalk", "AWS Batch", "Savings Plans for AWS Compute");
        category("Storage", "Simple Storage Service", "Elastic Block Store", "Elastic File System", "Glacier", "FSx",
                "AWS Backup", "Storage Gateway");
        category("Databases", "Relational Database", "DynamoDB", "ElastiCache", "DocumentDB", "Neptune", "Keyspaces",
                "Aurora");
        category("Networking", "CloudFront", "Virtual Private Cloud", "Route 53", "Load Balancing", "Direct Connect",
                "Global Accelerator", "API Gateway", "Data Transfer");
        category("Management and Governance", "CloudWatch", "CloudTrail", "AWS Config", "Systems Manager",
                "CloudFormation", "Organizations", "Control Tower", "X-Ray");
        category("Analytics", "Athena", "Glue", "Kinesis", "Elastic MapReduce", "Redshift", "QuickSight", "OpenSearch",
                "Managed Streaming for Apache Kafka");
        category("AI and Machine Learning", "SageMaker", "Bedrock", "Rekognition", "Comprehend", "Textract");
        category("Security", "GuardDuty", "Security Hub", "Key Management Service", "Secrets Manager", "WAF", "Shield",
                "Inspector", "Macie");
    }

    private FocusCsv() {
    }

    /** Writes the dataset with {@link #RESELLER} as invoice issuer and returns the number of rows. */
    static int write(Path file, String period, Iterable<InvoiceLine> lines) throws IOException {
        return write(file, period, RESELLER, lines);
    }

    static int write(Path file, String period, String reseller, Iterable<InvoiceLine> lines) throws IOException {
        return write(file, period, reseller, lines, "");
    }

    /** The delta rows of a correction (BilledCost is each changed line's delta), ChargeClass Correction. */
    static int writeCorrection(Path file, String period, List<InvoiceLine> deltas) throws IOException {
        return write(file, period, RESELLER, deltas, "Correction");
    }

    private static int write(Path file, String period, String reseller, Iterable<InvoiceLine> lines, String chargeClass)
            throws IOException {
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
                boolean custom = isCustom(l);
                String cost = billedCost(l);
                String publisher = custom ? reseller : AWS;
                csv.writeNext(new String[] {cost, cost, cost, cost,
                        InvoiceLinesCsv.text(custom ? l.customerId() : l.payerAccountId()),
                        InvoiceLinesCsv.text(l.customerName()), l.currency(), start, end, start, end,
                        chargeCategory(l), chargeClass, InvoiceLinesCsv.text(l.service() + " / " + l.chargeType()), "", "",
                        InvoiceLinesCsv.text(reseller), InvoiceLinesCsv.text(publisher),
                        InvoiceLinesCsv.text(publisher), InvoiceLinesCsv.text(l.service()),
                        custom ? "Other" : serviceCategory(l.service()), l.accountId(),
                        InvoiceLinesCsv.text(l.accountName()), InvoiceLinesCsv.text(invoiceId(l, period))}, false);
            }
            csv.flush();
            if (csv.checkError()) {
                throw new IOException("could not write " + file);
            }
        }
        return rows;
    }

    /** One invoice per customer and currency, as invoices.xml groups them. */
    static String invoiceId(InvoiceLine line, String period) {
        return line.customerId() + "-" + period + "-" + line.currency();
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
        ChargeType type = ChargeType.fromCode(line.chargeType()).orElse(ChargeType.OTHER);
        return switch (type) {
            case USAGE, DISCOUNTED_USAGE, SAVINGS_PLAN_COVERED_USAGE, SAVINGS_PLAN_NEGATION -> "Usage";
            case SAVINGS_PLAN_FEE, RI_FEE, SUPPORT, FEE, MARKETPLACE -> "Purchase";
            case TAX -> "Tax";
            case CREDIT, REFUND, DISCOUNT -> "Credit";
            case OTHER -> "Adjustment";
        };
    }

    static String serviceCategory(String service) {
        String name = service == null ? "" : service.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> e : SERVICE_CATEGORIES.entrySet()) {
            if (name.contains(e.getKey())) {
                return e.getValue();
            }
        }
        return "Other";
    }

    private static void category(String category, String... keywords) {
        for (String keyword : keywords) {
            SERVICE_CATEGORIES.put(keyword.toLowerCase(Locale.ROOT), category);
        }
    }
}

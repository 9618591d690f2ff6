package com.billingengine.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import com.billingengine.pricing.ChargeType;
import com.billingengine.pricing.InvoiceLine;

class FocusCsvTest {

    @TempDir
    Path dir;

    @Test
    void headerIsTheFocus12ColumnListsCarriedColumns() throws Exception {
        Path file = dir.resolve("focus.csv");
        assertThat(FocusCsv.write(file, "2026-10", List.of())).isZero();
        assertThat(List.of(FocusCsv.HEADER)).isEqualTo(FocusConformance.header());
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .isEqualTo(String.join(",", FocusConformance.header()) + "\r\n");
        // the pre-1.0 names are gone
        assertThat(FocusCsv.HEADER).contains("InvoiceIssuerName", "ProviderName", "PublisherName")
                .doesNotContain("InvoiceIssuer", "Provider", "Publisher");
    }

    @Test
    void theColumnListIsFocus12sWithEveryMandatoryColumnCarried() throws Exception {
        List<FocusConformance.Column> columns = FocusConformance.columns();
        assertThat(columns).hasSize(57);
        assertThat(columns).filteredOn(c -> c.level().equals("Mandatory")).extracting(FocusConformance.Column::name)
                .containsExactly("BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency",
                        "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
                        "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost", "EffectiveCost",
                        "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName",
                        "PublisherName", "ServiceCategory", "ServiceName")
                .allMatch(name -> List.of(FocusCsv.HEADER).contains(name));
        assertThat(columns.stream().map(FocusConformance.Column::name).toList()).isSorted();
    }

    @ParameterizedTest
    @CsvSource({"usage, Usage", "discounted-usage, Usage", "savings-plan-covered-usage, Usage",
            "savings-plan-negation, Usage", "savings-plan-fee, Purchase", "ri-fee, Purchase", "support, Purchase",
            "fee, Purchase", "marketplace, Purchase", "tax, Tax", "credit, Credit", "refund, Credit",
            "discount, Credit", "other, Adjustment", "not-a-code, Adjustment"})
    void chargeCategoryFollowsTheChargeType(String code, String category) {
        assertThat(FocusCsv.chargeCategory(awsLine(code, "AWS Lambda"))).isEqualTo(category);
    }

    @ParameterizedTest
    @CsvSource({"usage, Usage-Based", "discounted-usage, Usage-Based", "savings-plan-covered-usage, Usage-Based",
            "savings-plan-negation, Usage-Based", "tax, Usage-Based", "savings-plan-fee, Recurring",
            "ri-fee, Recurring", "support, Recurring", "marketplace, Recurring", "fee, One-Time", "credit, One-Time",
            "refund, One-Time", "discount, One-Time", "other, One-Time"})
    void chargeFrequencyFollowsTheChargeType(String code, String frequency) {
        assertThat(FocusCsv.chargeFrequency(awsLine(code, "AWS Lambda"), false)).isEqualTo(frequency);
    }

    @ParameterizedTest
    @EnumSource(ChargeType.class)
    void everyChargeTypeMapsToAllowedValuesAndAPurchaseIsNeverUsageBased(ChargeType type) {
        InvoiceLine line = awsLine(type.code(), "AWS Lambda");
        assertThat(FocusCsv.chargeCategory(line)).isIn(FocusConformance.CHARGE_CATEGORIES);
        assertThat(FocusCsv.chargeFrequency(line, false)).isIn(FocusConformance.CHARGE_FREQUENCIES);
        if (FocusCsv.chargeCategory(line).equals("Purchase")) {
            assertThat(FocusCsv.chargeFrequency(line, false)).isNotEqualTo("Usage-Based");
        }
    }

    @Test
    void customLinesAreTheResellersAdjustmentsRecurringAsTheirRuleSays() {
        assertThat(FocusCsv.chargeCategory(customLine("fee", "250.00"))).isEqualTo("Adjustment");
        assertThat(FocusCsv.chargeCategory(customLine("credit", "-100.00"))).isEqualTo("Adjustment");
        assertThat(FocusCsv.chargeFrequency(customLine("fee", "250.00"), true)).isEqualTo("Recurring");
        assertThat(FocusCsv.chargeFrequency(customLine("credit", "-100.00"), false)).isEqualTo("One-Time");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Amazon Simple Queue Service|Integration|Messaging",
            "Amazon Simple Notification Service|Integration|Messaging",
            "Amazon EventBridge|Integration|Messaging",
            "Amazon Cognito|Identity|Other (Identity)",
            "AWS Database Migration Service|Migration|Other (Migration)",
            "Amazon WorkSpaces|Compute|End User Computing",
            "Amazon Elastic Compute Cloud - Compute|Compute|Virtual Machines",
            "AWS Lambda|Compute|Serverless Compute",
            "Amazon Simple Storage Service|Storage|Object Storage",
            "Amazon Relational Database Service|Databases|Relational",
            "AWS Support (Business)|Management and Governance|Support",
            "Tax|Other|Other (Other)",
            "Something New|Other|Other (Other)"})
    void serviceCategoryAndSubcategoryFromTheTable(String service, String category, String subcategory) {
        assertThat(ServiceCategories.of(service)).isEqualTo(new ServiceCategories.Category(category, subcategory));
    }

    @Test
    void everyRowOfTheServiceTableIsAnAllowedFocus12CategoryAndSubcategory() {
        assertThat(ServiceCategories.table()).hasSizeGreaterThan(60).allSatisfy((service, c) -> {
            assertThat(FocusConformance.SUBCATEGORIES).as(service).containsKey(c.category());
            assertThat(c.subcategory()).as(service).isIn(FocusConformance.SUBCATEGORIES.get(c.category()));
        });
    }

    @Test
    void awsUsageRow() throws Exception {
        Map<String, String> row = onlyRow("2026-12", FocusCsv.RESELLER, awsLine("usage", "Amazon Simple Storage Service"));
        assertThat(row).containsExactlyEntriesOf(expected(Map.ofEntries(
                Map.entry("BilledCost", "12.30"), Map.entry("BillingAccountId", "C-1001"),
                Map.entry("BillingAccountName", "Acme, Inc."), Map.entry("BillingAccountType", "Customer"),
                Map.entry("BillingCurrency", "EUR"), Map.entry("BillingPeriodEnd", "2027-01-01T00:00:00Z"),
                Map.entry("BillingPeriodStart", "2026-12-01T00:00:00Z"), Map.entry("ChargeCategory", "Usage"),
                Map.entry("ChargeClass", ""), Map.entry("ChargeDescription", "Amazon Simple Storage Service / usage"),
                Map.entry("ChargeFrequency", "Usage-Based"), Map.entry("ChargePeriodEnd", "2027-01-01T00:00:00Z"),
                Map.entry("ChargePeriodStart", "2026-12-01T00:00:00Z"), Map.entry("ContractedCost", "12.30"),
                Map.entry("EffectiveCost", "12.30"), Map.entry("InvoiceId", "C-1001-2026-12-EUR"),
                Map.entry("InvoiceIssuerName", "Billing Engine Reseller"), Map.entry("ListCost", "12.30"),
                Map.entry("PricingCurrency", "USD"), Map.entry("PricingQuantity", "12.00"),
                Map.entry("PricingUnit", "USD"), Map.entry("ProviderName", "AWS"), Map.entry("PublisherName", "AWS"),
                Map.entry("RegionId", ""), Map.entry("RegionName", ""), Map.entry("ServiceCategory", "Storage"),
                Map.entry("ServiceName", "Amazon Simple Storage Service"),
                Map.entry("ServiceSubcategory", "Object Storage"),
                Map.entry("SkuId", "usage/Amazon Simple Storage Service"), Map.entry("SubAccountId", "210000000001"),
                Map.entry("SubAccountName", "'-prod"), Map.entry("SubAccountType", "AWS Account"))));
    }

    @Test
    void taxRowHasNoPricingQuantityUnitOrSku() throws Exception {
        Map<String, String> row = onlyRow("2026-10", FocusCsv.RESELLER, awsLine("tax", "Tax"));
        assertThat(row).containsEntry("ChargeCategory", "Tax").containsEntry("PricingQuantity", "")
                .containsEntry("PricingUnit", "").containsEntry("SkuId", "").containsEntry("PricingCurrency", "USD")
                .containsEntry("ServiceCategory", "Other").containsEntry("ServiceSubcategory", "Other (Other)");
    }

    @Test
    void creditRowNeedsNoQuantity() throws Exception {
        Map<String, String> row = onlyRow("2026-10", FocusCsv.RESELLER, awsLine("credit", "AWS Lambda"));
        assertThat(row).containsEntry("ChargeCategory", "Credit").containsEntry("ChargeFrequency", "One-Time")
                .containsEntry("PricingQuantity", "").containsEntry("PricingUnit", "")
                .containsEntry("SkuId", "credit/AWS Lambda");
    }

    @Test
    void customLineIsBilledToTheCustomerAndPublishedByTheReseller() throws Exception {
        Map<String, String> row = onlyRow("2026-10", "=Cloud Partner GmbH", customLine("fee", "250"));
        assertThat(row).containsEntry("BilledCost", "250.00").containsEntry("BillingAccountId", "C-1001")
                .containsEntry("ChargeCategory", "Adjustment").containsEntry("ChargeFrequency", "One-Time")
                .containsEntry("ChargeDescription", "Managed cloud operations fee / fee")
                .containsEntry("PricingCurrency", "USD").containsEntry("PricingQuantity", "")
                .containsEntry("ServiceCategory", "Other").containsEntry("ServiceSubcategory", "Other (Other)")
                .containsEntry("SkuId", "acme-management-fee").containsEntry("SubAccountId", "")
                .containsEntry("SubAccountName", "").containsEntry("SubAccountType", "");
        // the issuer name is neutralised like any other text cell
        assertThat(List.of(row.get("InvoiceIssuerName"), row.get("ProviderName"), row.get("PublisherName")))
                .containsOnly("'=Cloud Partner GmbH");
    }

    @Test
    void jpyHasNoMinorUnitAndNegativeAmountsKeepTheirSign() throws Exception {
        InvoiceLine yen = new InvoiceLine("L1", "C-3003", "Initech", "JPY", "123456789012", "210000000001", "ops",
                "AWS Lambda", "credit", new BigDecimal("-10.00"), new BigDecimal("-1485.0"), new BigDecimal("-1485"),
                "pass-through", BigDecimal.ZERO, new BigDecimal("148.50"));
        Map<String, String> row = onlyRow("2026-10", FocusCsv.RESELLER, yen);
        assertThat(List.of(row.get("BilledCost"), row.get("EffectiveCost"), row.get("ListCost"),
                row.get("ContractedCost"))).containsOnly("-1485");
        assertThat(row).containsEntry("BillingCurrency", "JPY").containsEntry("ChargeCategory", "Credit")
                .containsEntry("InvoiceId", "C-3003-2026-10-JPY");
    }

    @Test
    void aDatasetOfEveryChargeTypePassesTheFocus12Checks() throws Exception {
        List<InvoiceLine> lines = new java.util.ArrayList<>();
        for (ChargeType type : ChargeType.values()) {
            lines.add(awsLine(type.code(), "Amazon Simple Queue Service"));
        }
        lines.add(customLine("fee", "250"));
        Path file = dir.resolve("focus.csv");
        FocusCsv.write(file, "2026-10", lines, line -> true);
        assertThat(FocusConformance.check(file, false)).hasSize(lines.size());

        Path correction = dir.resolve("correction.csv");
        FocusCsv.writeCorrection(correction, "2026-10", lines, line -> true);
        assertThat(FocusConformance.check(correction, true)).hasSize(lines.size());
    }

    private Map<String, String> onlyRow(String period, String reseller, InvoiceLine line) throws Exception {
        Path file = dir.resolve("focus.csv");
        assertThat(FocusCsv.write(file, period, reseller, List.of(line))).isEqualTo(1);
        List<Map<String, String>> rows = FocusConformance.check(file, false);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    /** The cells in the header's order. */
    private static Map<String, String> expected(Map<String, String> cells) {
        Map<String, String> ordered = new java.util.LinkedHashMap<>();
        for (String column : FocusCsv.HEADER) {
            ordered.put(column, cells.get(column));
        }
        return ordered;
    }

    private static InvoiceLine awsLine(String chargeType, String service) {
        return new InvoiceLine("L1", "C-1001", "Acme, Inc.", "EUR", "123456789012", "210000000001", "-prod", service,
                chargeType, new BigDecimal("12.00"), new BigDecimal("12.3012"), new BigDecimal("12.3"), "registry",
                new BigDecimal("5"), new BigDecimal("0.9765"));
    }

    private static InvoiceLine customLine(String chargeType, String amount) {
        return new InvoiceLine("L2", "C-1001", "Acme, Inc.", "USD", "", "", "", "Managed cloud operations fee",
                chargeType, BigDecimal.ZERO, new BigDecimal(amount), new BigDecimal(amount), "acme-management-fee",
                BigDecimal.ZERO, BigDecimal.ONE);
    }
}

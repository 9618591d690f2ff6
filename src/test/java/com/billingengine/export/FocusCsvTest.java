package com.billingengine.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import com.billingengine.pricing.ChargeType;
import com.billingengine.pricing.InvoiceLine;

class FocusCsvTest {

    /** FOCUS 1.2 ChargeCategory and ServiceCategory allowed values. */
    private static final Set<String> CHARGE_CATEGORIES = Set.of("Adjustment", "Credit", "Purchase", "Tax", "Usage");
    private static final Set<String> SERVICE_CATEGORIES = Set.of("AI and Machine Learning", "Analytics",
            "Business Applications", "Compute", "Databases", "Developer Tools", "Multicloud", "Identity", "Integration",
            "Internet of Things", "Management and Governance", "Media", "Migration", "Mobile", "Networking", "Security",
            "Storage", "Web", "Other");

    @TempDir
    Path dir;

    @Test
    void headerIsTheFocusColumnsInTheContractsOrder() throws Exception {
        Path file = dir.resolve("focus.csv");
        assertThat(FocusCsv.write(file, "2026-10", List.of())).isZero();
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(String.join(",", List.of("BilledCost",
                "EffectiveCost", "ListCost", "ContractedCost", "BillingAccountId", "BillingAccountName",
                "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd",
                "ChargeCategory", "ChargeClass", "ChargeDescription", "PricingQuantity", "PricingUnit", "InvoiceIssuer",
                "Provider", "Publisher", "ServiceName", "ServiceCategory", "SubAccountId", "SubAccountName",
                "InvoiceId")) + "\r\n");
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
    @EnumSource(ChargeType.class)
    void everyChargeTypeMapsToAnAllowedValue(ChargeType type) {
        assertThat(FocusCsv.chargeCategory(awsLine(type.code(), "AWS Lambda"))).isIn(CHARGE_CATEGORIES);
    }

    @Test
    void customLinesAreTheResellersAdjustmentsWhateverTheirSign() {
        assertThat(FocusCsv.chargeCategory(customLine("fee", "250.00"))).isEqualTo("Adjustment");
        assertThat(FocusCsv.chargeCategory(customLine("credit", "-100.00"))).isEqualTo("Adjustment");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Amazon Elastic Compute Cloud - Compute|Compute", "EC2 - Other|Compute",
            "AWS Lambda|Compute", "Amazon Elastic Container Service for Kubernetes|Compute",
            "Amazon Simple Storage Service|Storage", "AWS Backup|Storage", "Amazon Elastic File System|Storage",
            "Amazon Relational Database Service|Databases", "Amazon DynamoDB|Databases",
            "Amazon CloudFront|Networking", "Amazon Virtual Private Cloud|Networking", "AWS Direct Connect|Networking",
            "AmazonCloudWatch|Management and Governance", "AWS Config|Management and Governance",
            "Amazon Athena|Analytics", "Amazon Redshift|Analytics", "Amazon Bedrock|AI and Machine Learning",
            "Amazon GuardDuty|Security", "AWS Key Management Service|Security", "Tax|Other",
            "AWS Support (Business)|Other", "Something New|Other"})
    void serviceCategoryFromTheServiceName(String service, String category) {
        assertThat(FocusCsv.serviceCategory(service)).isEqualTo(category).isIn(SERVICE_CATEGORIES);
    }

    @Test
    void awsLineRow() throws Exception {
        String[] row = onlyRow("2026-12", FocusCsv.RESELLER, awsLine("usage", "Amazon Simple Storage Service"));
        assertThat(row).containsExactly("12.30", "12.30", "12.30", "12.30", "123456789012", "Acme, Inc.", "EUR",
                "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z",
                "Usage", "", "Amazon Simple Storage Service / usage", "", "", "Billing Engine Reseller", "AWS", "AWS",
                "Amazon Simple Storage Service", "Storage", "210000000001", "'-prod", "C-1001-2026-12-EUR");
    }

    @Test
    void customLineIsBilledToTheCustomerAndPublishedByTheReseller() throws Exception {
        String[] row = onlyRow("2026-10", "=Cloud Partner GmbH", customLine("fee", "250"));
        assertThat(row[0]).isEqualTo("250.00");
        assertThat(row[4]).as("BillingAccountId").isEqualTo("C-1001");
        assertThat(row[11]).isEqualTo("Adjustment");
        assertThat(row[13]).isEqualTo("Managed cloud operations fee / fee");
        // the issuer name is neutralised like any other text cell
        assertThat(Arrays.copyOfRange(row, 16, 19)).containsOnly("'=Cloud Partner GmbH");
        assertThat(row[20]).isEqualTo("Other");
        assertThat(row[21]).as("SubAccountId").isEmpty();
        assertThat(row[22]).as("SubAccountName").isEmpty();
    }

    @Test
    void jpyHasNoMinorUnitAndNegativeAmountsKeepTheirSign() throws Exception {
        InvoiceLine yen = new InvoiceLine("L1", "C-3003", "Initech", "JPY", "123456789012", "210000000001", "ops",
                "AWS Lambda", "credit", new BigDecimal("-10.00"), new BigDecimal("-1485.0"), new BigDecimal("-1485"),
                "pass-through", BigDecimal.ZERO, new BigDecimal("148.50"));
        String[] row = onlyRow("2026-10", FocusCsv.RESELLER, yen);
        assertThat(Arrays.copyOfRange(row, 0, 4)).containsOnly("-1485");
        assertThat(row[6]).isEqualTo("JPY");
        assertThat(row[11]).isEqualTo("Credit");
        assertThat(row[23]).isEqualTo("C-3003-2026-10-JPY");
    }

    private String[] onlyRow(String period, String reseller, InvoiceLine line) throws Exception {
        Path file = dir.resolve("focus.csv");
        assertThat(FocusCsv.write(file, period, reseller, List.of(line))).isEqualTo(1);
        List<String[]> rows = ExportGoldenTest.rows(file);
        assertThat(rows).hasSize(1);
        return rows.get(0);
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

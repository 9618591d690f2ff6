package com.billingengine.pricing;

import com.billingengine.period.BillingPeriod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PricingRulesTest {

    private static final String FILE = "jobs/pricing-rules.yml";
    private static final BigDecimal REGISTRY = new BigDecimal("7");
    private static final String EC2 = "Amazon Elastic Compute Cloud - Compute";
    private static final String S3 = "Amazon Simple Storage Service";
    private static final LineKey ACME_EC2 = new LineKey("C-1", "123456789012", "111111111111", EC2, ChargeType.USAGE);

    /** All sixteen levels of the ladder; each test removes the levels above the one it proves. */
    private static final List<String> LADDER = List.of(
            rule("acct-svc-type", "16", "account: '111111111111'", "service: " + EC2, "chargeType: usage"),
            rule("acct-svc", "15", "account: '111111111111'", "service: " + EC2),
            rule("acct-type", "14", "account: '111111111111'", "chargeType: usage"),
            rule("acct", "13", "account: '111111111111'"),
            rule("payer-svc-type", "12", "payer: '123456789012'", "service: " + EC2, "chargeType: usage"),
            rule("payer-svc", "11", "payer: '123456789012'", "service: " + EC2),
            rule("payer-type", "10", "payer: '123456789012'", "chargeType: usage"),
            rule("payer", "9", "payer: '123456789012'"),
            rule("cust-svc-type", "8", "customer: C-1", "service: " + EC2, "chargeType: usage"),
            rule("cust-svc", "7", "customer: C-1", "service: " + EC2),
            rule("cust-type", "6", "customer: C-1", "chargeType: usage"),
            rule("cust", "5", "customer: C-1"),
            rule("svc-type", "4", "service: " + EC2, "chargeType: usage"),
            rule("svc", "3", "service: " + EC2),
            rule("type", "2", "chargeType: usage"),
            rule("global", "1"));

    @Test
    void eachScopeLevelBeatsEveryLessSpecificOne() {
        for (int level = 0; level < LADDER.size(); level++) {
            PricingRules rules = PricingRules.parse(FILE, "rules:\n" + String.join("", LADDER.subList(level, LADDER.size())));
            AppliedRule applied = rules.priceFor(ACME_EC2, REGISTRY);
            assertThat(applied.percent()).as("with levels %d and below", 16 - level).isEqualByComparingTo(String.valueOf(16 - level));
        }
    }

    @Test
    void rulesForOtherOwnersServicesOrChargeTypesDoNotMatch() {
        PricingRules rules = PricingRules.parse(FILE, "rules:\n" + String.join("", LADDER));
        assertThat(ruleId(rules, "C-1", "123456789012", "999999999999", EC2, ChargeType.USAGE)).isEqualTo("payer-svc-type");
        assertThat(ruleId(rules, "C-1", "123456789012", "111111111111", S3, ChargeType.USAGE)).isEqualTo("acct-type");
        assertThat(ruleId(rules, "C-1", "123456789012", "111111111111", EC2, ChargeType.SUPPORT)).isEqualTo("acct-svc");
        assertThat(ruleId(rules, "C-9", "555555555555", "666666666666", S3, ChargeType.TAX)).isEqualTo("global");
    }

    @Test
    void theRegistryMarkupAppliesWhenNoRuleMatches() {
        assertThat(PricingRules.empty().priceFor(ACME_EC2, REGISTRY)).isEqualTo(new AppliedRule("registry", REGISTRY));
        PricingRules rules = PricingRules.parse(FILE, "rules:\n" + rule("other", "3", "customer: C-2"));
        assertThat(rules.priceFor(ACME_EC2, REGISTRY)).isEqualTo(new AppliedRule("registry", REGISTRY));
    }

    @Test
    void percentsKeepTheirExactDecimalTextAndAccountIdsTheirLeadingZeros() {
        PricingRules rules = PricingRules.parse(FILE, "rules:\n" + rule("r", "5.10", "account: 012345678901"));
        AppliedRule applied = rules.priceFor(new LineKey("C", "123456789012", "012345678901", EC2, ChargeType.USAGE), REGISTRY);
        assertThat(applied).isEqualTo(new AppliedRule("r", new BigDecimal("5.10")));
    }

    @Test
    void theLiveFileShipsWithoutRulesSoRegistryMarkupsApply() {
        PricingRules rules = PricingRules.load(Path.of(FILE));
        assertThat(ruleId(rules, "C-1001", "210987654321", "111122223333", EC2, ChargeType.USAGE)).isEqualTo("registry");
        assertThat(rules.customItemsFor("C-1001", BillingPeriod.parse("2026-10"))).isEmpty();
    }

    @Test
    void theShippedExampleLoads() {
        PricingRules all = PricingRules.load(Path.of("jobs/examples/pricing-rules.yml"));
        PricingRules rules = all.inForce(BillingPeriod.parse("2026-10"));
        assertThat(ruleId(rules, "C-1001", "123456789012", "444455556666", EC2, ChargeType.USAGE)).isEqualTo("acme-ec2-discount");
        assertThat(ruleId(rules, "C-1002", "967957841924", "111122223333", EC2, ChargeType.USAGE)).isEqualTo("fabrikam-default");
        assertThat(ruleId(rules, "C-3003", "333333333333", "333333333333", S3, ChargeType.SUPPORT)).isEqualTo("global-support");
        assertThat(ruleId(rules, "C-3003", "333333333333", "333333333333", S3, ChargeType.USAGE)).isEqualTo("global-markup");
        assertThat(ruleId(all.inForce(BillingPeriod.parse("2027-01")), "C-3003", "333333333333", "333333333333", S3,
                ChargeType.USAGE)).as("the renewed markup, dated from January").isEqualTo("global-markup-2027");
        assertThat(rules.customItemsFor("C-1001", BillingPeriod.parse("2026-10")))
                .extracting(CustomLineItem::id).containsExactly("acme-management-fee", "acme-onboarding-credit");
        assertThat(rules.customItemsFor("C-1002", BillingPeriod.parse("2026-10")))
                .extracting(CustomLineItem::id).containsExactly("fabrikam-finops-service");
    }

    @Test
    void rulesWithTheSameScopeMayFollowEachOtherInTime() {
        PricingRules rules = PricingRules.parse(FILE, "rules:\n" + rule("old", "5.0") + "    until: 2026-12\n"
                + rule("new", "7.0") + "    from: 2027-01\n" + rule("later", "2", "service: " + S3) + "    from: 2026-11\n");
        assertThat(ruleId(rules.inForce(BillingPeriod.parse("2026-12")), "C-1", "111111111111", "111111111111", S3,
                ChargeType.USAGE)).isEqualTo("later");
        assertThat(ruleId(rules.inForce(BillingPeriod.parse("2026-10")), "C-1", "111111111111", "111111111111", S3,
                ChargeType.USAGE)).isEqualTo("old");
        assertThat(ruleId(rules.inForce(BillingPeriod.parse("2027-01")), "C-1", "111111111111", "111111111111", EC2,
                ChargeType.USAGE)).isEqualTo("new");
        assertThat(rules.inForce(BillingPeriod.parse("2027-01")).definitions()).containsOnlyKeys("new", "later");
    }

    @Test
    void overlappingRulesWithTheSameScopeAreRefusedNamingBothIdsAndTheirLines() {
        assertRuleError(rule("renewal-2026", "5.0", "customer: C-1") + "    from: 2026-01\n    until: 2026-12\n"
                        + rule("renewal-2027", "6.0", "customer: C-1") + "    from: 2026-12\n",
                "line 8: rule 'renewal-2027', field 'scope': same scope {customer=C-1} as rule 'renewal-2026' (line 2)"
                        + " in overlapping periods (renewal-2026: 2026-01 to 2026-12, renewal-2027: from 2026-12)");
        assertRuleError(rule("open", "5.0") + rule("dated", "6.0") + "    from: 2027-01\n",
                "rule 'dated', field 'scope': same scope {} as rule 'open' (line 2) in overlapping periods");
        assertRuleError(rule("backwards", "5.0") + "    from: 2027-01\n    until: 2026-12\n",
                "rule 'backwards', field 'until': invalid value '2026-12': before from '2027-01'");
    }

    @Test
    void theCanonicalFormIsTheSamePricingWhateverTheLayout() {
        PricingRules file = PricingRules.load(Path.of("jobs/examples/pricing-rules.yml"))
                .inForce(BillingPeriod.parse("2026-10"));
        PricingRules reread = PricingRules.parse("recorded", file.canonicalYaml());
        assertThat(reread.definitions()).isEqualTo(file.definitions());
        assertThat(PricingRules.sha256(reread.canonicalYaml())).isEqualTo(PricingRules.sha256(file.canonicalYaml()));
        assertThat(ruleId(reread, "C-1001", "123456789012", "444455556666", EC2, ChargeType.USAGE))
                .isEqualTo("acme-ec2-discount");
        assertThat(reread.customItemsFor("C-1001", BillingPeriod.parse("2026-10"))).extracting(CustomLineItem::id)
                .containsExactly("acme-management-fee", "acme-onboarding-credit");
        // another layout, comments and order of the same rules: the same terms
        PricingRules shuffled = PricingRules.parse(FILE, "# renewed\nrules:\n" + rule("b", "2", "service: S3")
                + "  # global\n" + rule("a", "5.0"));
        PricingRules ordered = PricingRules.parse(FILE, "rules:\n" + rule("a", "5.0") + rule("b", "2", "service: S3"));
        assertThat(shuffled.canonicalYaml()).isEqualTo(ordered.canonicalYaml());
        assertThat(PricingRules.parse(FILE, "rules:\n" + rule("a", "5.00")).canonicalYaml())
                .as("5.00 is another term than 5.0 only in text; kept as written").isNotEqualTo(ordered.canonicalYaml());
    }

    @Test
    void aRuleOrItemNamingACustomerOrPayerTheRegistryDoesNotKnowIsRefusedNamingFileLineAndId() {
        PricingRules rules = PricingRules.parse(FILE, "rules:\n" + rule("typo", "5", "customer: C-1O01")
                + rule("gone", "5", "payer: \"210987654321\"") + "customLineItems:\n  - id: fee\n    customer: C-2002\n"
                + "    description: Fee\n    amount: 10\n    recurrence: recurring\n");
        assertThatThrownBy(() -> rules.checkReferences(List.of("C-1001", "C-1002"), List.of("123456789012")))
                .isInstanceOf(PricingRulesException.class)
                .hasMessageContaining(FILE + " line 2: rule 'typo', field 'scope.customer': customer C-1O01 is not in the"
                        + " payer registry (customers: C-1001, C-1002)")
                .hasMessageContaining(FILE + " line 6: rule 'gone', field 'scope.payer': payer 210987654321 is not in the"
                        + " payer registry (payers: 123456789012)")
                .hasMessageContaining(FILE + " line 11: custom line item 'fee', field 'customer': customer C-2002 is not"
                        + " in the payer registry");
        rules.checkReferences(List.of("C-1O01", "C-2002"), List.of("210987654321")); // all known: no problem
    }

    @Test
    void aOneTimeItemAppearsOnlyInItsPeriod() {
        PricingRules rules = PricingRules.parse(FILE, """
                customLineItems:
                  - id: setup
                    customer: C-1
                    description: Setup fee
                    amount: 500
                    recurrence: one-time
                    period: 2026-10
                """);
        assertThat(rules.customItemsFor("C-1", BillingPeriod.parse("2026-09"))).isEmpty();
        assertThat(rules.customItemsFor("C-1", BillingPeriod.parse("2026-10"))).singleElement()
                .satisfies(item -> {
                    assertThat(item.amount()).isEqualByComparingTo("500");
                    assertThat(item.description()).isEqualTo("Setup fee");
                    assertThat(item.recurrence()).isEqualTo(CustomLineItem.Recurrence.ONE_TIME);
                });
        assertThat(rules.customItemsFor("C-1", BillingPeriod.parse("2026-11"))).isEmpty();
        assertThat(rules.customItemsFor("C-2", BillingPeriod.parse("2026-10"))).isEmpty();
    }

    @Test
    void aRecurringItemAppearsEveryPeriodWithinFromAndUntil() {
        PricingRules rules = PricingRules.parse(FILE, """
                customLineItems:
                  - id: bounded
                    customer: C-1
                    description: Fee
                    amount: 10
                    recurrence: recurring
                    from: 2026-03
                    until: 2026-05
                  - id: open
                    customer: C-1
                    description: Credit
                    amount: -1.5
                    recurrence: recurring
                """);
        assertThat(rules.customItemsFor("C-1", BillingPeriod.parse("2026-02"))).extracting(CustomLineItem::id).containsExactly("open");
        for (String month : List.of("2026-03", "2026-04", "2026-05")) {
            assertThat(rules.customItemsFor("C-1", BillingPeriod.parse(month))).extracting(CustomLineItem::id)
                    .containsExactly("bounded", "open");
        }
        assertThat(rules.customItemsFor("C-1", BillingPeriod.parse("2026-06"))).extracting(CustomLineItem::id).containsExactly("open");
        assertThat(rules.customItemsFor("C-1", BillingPeriod.parse("2031-01"))).extracting(CustomLineItem::id).containsExactly("open");
    }

    @Test
    void aPercentItemTakesItsShareOfTheMatchingBilledSpend() {
        PricingRules rules = PricingRules.parse(FILE, """
                customLineItems:
                  - id: ec2-service
                    customer: C-1
                    description: 2%% of EC2 usage
                    percent: 2
                    scope: {service: "%s", chargeType: usage}
                    recurrence: recurring
                """.formatted(EC2));
        CustomLineItem item = rules.customItemsFor("C-1", BillingPeriod.parse("2026-10")).get(0);
        Map<LineKey, BigDecimal> billed = Map.of(
                ACME_EC2, new BigDecimal("1000.50"),
                new LineKey("C-1", "123456789012", "222222222222", EC2, ChargeType.USAGE), new BigDecimal("200"),
                new LineKey("C-1", "123456789012", "111111111111", EC2, ChargeType.CREDIT), new BigDecimal("-50"),
                new LineKey("C-1", "123456789012", "111111111111", S3, ChargeType.USAGE), new BigDecimal("999"));
        // 2% of (1000.50 + 200) = 24.0100
        assertThat(item.exactAmount(billed)).isEqualByComparingTo("24.01");
    }

    @Test
    void anEmptyFileHasNoRules() {
        assertThat(PricingRules.parse(FILE, "# nothing yet\n").priceFor(ACME_EC2, REGISTRY).ruleId()).isEqualTo("registry");
        assertThat(PricingRules.parse(FILE, "rules:\ncustomLineItems:\n").customItemsFor("C-1", BillingPeriod.parse("2026-10"))).isEmpty();
    }

    @Test
    void ruleErrorsNameFileLineRuleFieldAndValue() {
        assertRuleError("  - id: r1\n    percent: 5%\n",
                FILE + " line 3: rule 'r1', field 'percent': invalid value '5%' (expected a decimal number such as 5.0 or -3.5)");
        assertRuleError("  - id: r1\n    percent: -100.01\n", "line 3: rule 'r1', field 'percent': invalid value '-100.01' (a discount cannot exceed -100)");
        assertRuleError("  - id: r1\n", "line 2: rule 'r1', field 'percent': missing");
        assertRuleError("  - percent: 1\n", "line 2: rules[0], field 'id': missing");
        assertRuleError("  - id: 'bad id'\n    percent: 1\n", "line 2: rules[0], field 'id': invalid value 'bad id'");
        assertRuleError("  - id: registry\n    percent: 1\n", "field 'id': 'registry' is reserved");
        assertRuleError("  - id: r1\n    percent: 1\n    markup: 2\n", "line 4: rule 'r1', unknown key 'markup' (allowed: id, percent, scope, from, until)");
        assertRuleError("  - id: r1\n    percent: 1\n    percent: 2\n", "line 4: rule 'r1', key 'percent' appears twice");
        assertRuleError("  - id: r1\n    percent: 1\n  - id: r1\n    percent: 2\n",
                "line 4: rule 'r1', field 'id': duplicate id 'r1' (first used on line 2)");
        assertRuleError("  - id: r1\n    percent: 1\n    scope: {account: '12345'}\n",
                "line 4: rule 'r1', field 'scope.account': invalid value '12345' (expected a 12-digit AWS account id)");
        assertRuleError("  - id: r1\n    percent: 1\n    scope: {payer: 12345678901a}\n",
                "rule 'r1', field 'scope.payer': invalid value '12345678901a'");
        assertRuleError("  - id: r1\n    percent: 1\n    scope: {chargeType: usages}\n",
                "rule 'r1', field 'scope.chargeType': unknown value 'usages' (known: usage, discounted-usage");
        assertRuleError("  - id: r1\n    percent: 1\n    scope: {region: eu-west-1}\n",
                "rule 'r1', field 'scope': unknown key 'region' (allowed: customer, payer, account, service, chargeType)");
        assertRuleError("  - id: r1\n    percent: 1\n    scope: {customer: C-1, account: '111111111111'}\n",
                "rule 'r1', field 'scope': names more than one of customer, payer, account");
        assertRuleError("  - id: r1\n    percent: 1\n    scope: {service: S3}\n  - id: r2\n    percent: 2\n    scope: {service: S3}\n",
                "line 5: rule 'r2', field 'scope': same scope {service=S3} as rule 'r1' (line 2) in every period; one of them"
                        + " could never apply");
        assertRuleError("  - just a string\n", "line 2: rules[0], expected a mapping with the keys id, percent, scope");
    }

    @Test
    void customItemErrorsNameTheItemAndField() {
        assertItemError("    amount: 1\n    percent: 2\n    recurrence: recurring\n",
                "custom line item 'c1', field 'percent': give either amount (a fixed fee or credit) or percent (of spend), not both");
        assertItemError("    recurrence: recurring\n", "custom line item 'c1', field 'amount': missing");
        assertItemError("    amount: 0\n    recurrence: recurring\n", "field 'amount': invalid value '0' (must not be zero)");
        assertCustomItemsError("  - id: c1\n    description: Fee\n    amount: 1\n    recurrence: recurring\n",
                "custom line item 'c1', field 'customer': missing");
        assertItemError("    amount: 1\n    recurrence: monthly\n",
                "line 6: custom line item 'c1', field 'recurrence': invalid value 'monthly' (expected one-time or recurring)");
        assertItemError("    amount: 1\n    recurrence: one-time\n", "field 'period': missing: a one-time item needs period");
        assertItemError("    amount: 1\n    recurrence: one-time\n    period: 2026-10\n    until: 2026-12\n",
                "field 'until': only a recurring item has from/until");
        assertItemError("    amount: 1\n    recurrence: recurring\n    period: 2026-10\n",
                "field 'period': only a one-time item has period");
        assertItemError("    amount: 1\n    recurrence: recurring\n    from: 2026-13\n",
                "line 7: custom line item 'c1', field 'from': invalid value '2026-13' (expected YYYY-MM, e.g. 2026-10)");
        assertItemError("    amount: 1\n    recurrence: recurring\n    from: 2026-10\n    until: 2026-09\n",
                "field 'until': invalid value '2026-09': before from '2026-10'");
        assertItemError("    amount: 1\n    scope: {service: S3}\n    recurrence: recurring\n",
                "field 'scope': only a percent item has a scope");
        assertItemError("    percent: 1\n    scope: {customer: C-2}\n    recurrence: recurring\n",
                "field 'scope': unknown key 'customer' (allowed: payer, account, service, chargeType)");
    }

    @Test
    void allProblemsAreReportedAtOnceAndBadYamlNamesItsLine() {
        assertThatThrownBy(() -> PricingRules.parse(FILE, "rules:\n  - id: a\n    percent: x\n  - id: b\n    percent: y\nprices: []\n"))
                .isInstanceOf(PricingRulesException.class)
                .hasMessageStartingWith(FILE + ": 3 problems:")
                .satisfies(e -> assertThat(((PricingRulesException) e).problems()).containsExactly(
                        FILE + " line 6: top level, 'prices' is not a known key (allowed: rules, customLineItems)",
                        FILE + " line 3: rule 'a', field 'percent': invalid value 'x' (expected a decimal number such as 5.0 or -3.5)",
                        FILE + " line 5: rule 'b', field 'percent': invalid value 'y' (expected a decimal number such as 5.0 or -3.5)"));
        assertThatThrownBy(() -> PricingRules.parse(FILE, "rules:\n  - id: a\n   percent: [\n"))
                .isInstanceOf(PricingRulesException.class).hasMessageStartingWith(FILE + " line 3: not valid YAML");
        assertThatThrownBy(() -> PricingRules.parse(FILE, "rules: 5\n")).hasMessage(FILE + " line 1: rules, expected a list (entries starting with '- ')");
    }

    @Test
    void anUnreadableFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> PricingRules.load(dir.resolve("nope.yml")))
                .isInstanceOf(PricingRulesException.class).hasMessageContaining("nope.yml: cannot read pricing rules");
    }

    private static String ruleId(PricingRules rules, String customer, String payer, String account, String service, ChargeType type) {
        return rules.priceFor(new LineKey(customer, payer, account, service, type), REGISTRY).ruleId();
    }

    private static String rule(String id, String percent, String... scope) {
        StringBuilder yaml = new StringBuilder("  - id: " + id + "\n    percent: " + percent + "\n");
        if (scope.length > 0) {
            yaml.append("    scope:\n");
            for (String field : scope) {
                yaml.append("      ").append(field).append('\n');
            }
        }
        return yaml.toString();
    }

    private static void assertRuleError(String rules, String expected) {
        assertThatThrownBy(() -> PricingRules.parse(FILE, "rules:\n" + rules))
                .isInstanceOf(PricingRulesException.class).hasMessageStartingWith(FILE + " line").hasMessageContaining(expected);
    }

    /** An item with id c1, customer and description, plus {@code fields}. */
    private static void assertItemError(String fields, String expected) {
        assertCustomItemsError("  - id: c1\n    customer: C-1\n    description: Fee\n" + fields, expected);
    }

    private static void assertCustomItemsError(String items, String expected) {
        assertThatThrownBy(() -> PricingRules.parse(FILE, "customLineItems:\n" + items))
                .isInstanceOf(PricingRulesException.class).hasMessageStartingWith(FILE + " line").hasMessageContaining(expected);
    }
}

package com.billingengine.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.StepScopeTestUtils;

/**
 * The invoiceLines processor on real staged costs (Tanaka Shoji's month from the sandbox, in H2), run in the step
 * scope of a worker whose context the real partitioner made: the amounts are those of the hand-checked sandbox month
 * (see {@link SandboxAmountsTest}), and pricing reads only: nothing is written.
 */
class InvoicePricerTest {

    private static StagedTanaka staged;

    @BeforeAll
    static void stage() throws Exception {
        staged = new StagedTanaka();
    }

    @AfterAll
    static void drop() {
        staged.close();
    }

    private static CustomerInvoice price(StepExecution worker) throws Exception {
        return StepScopeTestUtils.doInStepScope(worker,
                () -> staged.pricer().process(InvoicePartitioner.keys(worker.getExecutionContext()).get(0)));
    }

    @Test
    void pricesTheInvoiceOfItsPartitionAtTheRecordedRate() throws Exception {
        StepExecution worker = staged.workerExecution();
        assertThat(new BigDecimal(worker.getExecutionContext().getString(
                InvoicePartitioner.field(0, InvoicePartitioner.EXCHANGE_RATE))))
                .as("the rate recorded for the run").isEqualByComparingTo("149.20");

        CustomerInvoice invoice = price(worker);

        assertThat(invoice.key()).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(new CustomerInvoice.InvoiceKey("C-1003", "Tanaka Shoji K.K.", "JPY", new BigDecimal("149.20")));
        assertThat(invoice.lines()).hasSize(165).allSatisfy(l -> {
            assertThat(l.customerId()).isEqualTo("C-1003");
            assertThat(l.currency()).isEqualTo("JPY");
            assertThat(l.payerAccountId()).isEqualTo(StagedTanaka.PAYER);
            assertThat(l.exchangeRate()).isEqualByComparingTo("149.20");
            assertThat(l.amount().scale()).as("yen have no minor unit").isLessThanOrEqualTo(0);
        });
        assertThat(invoice.lines().stream().map(InvoiceLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .as("the invoice total of the run summary").isEqualByComparingTo("15348109");

        // 3,651.883438608 × 1.05 × 149.20 = 572,104.05949232928 → 572,104 (a small remainder: no extra yen)
        InvoiceLine ec2 = invoice.lines().stream().filter(l -> l.lineId().equals("L4218c4d926604c20")).findFirst()
                .orElseThrow();
        assertThat(ec2).usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(new InvoiceLine("L4218c4d926604c20", "C-1003", "Tanaka Shoji K.K.", "JPY",
                        StagedTanaka.PAYER, "230160654387", "edge-cdn-29", "Amazon Elastic Compute Cloud - Compute",
                        "usage", new BigDecimal("3651.883438608"), new BigDecimal("572104.05949232928"),
                        new BigDecimal("572104"), "global-markup", new BigDecimal("5"), new BigDecimal("149.20")));

        assertThat(invoice.lines()).filteredOn(l -> l.chargeType().equals("support")).isNotEmpty()
                .allSatisfy(l -> assertThat(l.pricingRule()).isEqualTo("global-support"));
        assertThat(invoice.lines()).filteredOn(l -> l.chargeType().equals("credit")).isNotEmpty().allSatisfy(l -> {
            assertThat(l.pricingRule()).isEqualTo("pass-through");
            assertThat(l.exactAmount()).isEqualByComparingTo(l.awsCost().multiply(new BigDecimal("149.20")));
        });
        assertThat(staged.jdbc.queryForObject("SELECT COUNT(*) FROM invoice_line", Integer.class))
                .as("the processor only prices").isZero();
    }

    @Test
    void pricingAgainGivesTheSameLinesAndIds() throws Exception {
        assertThat(price(staged.workerExecution())).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(price(staged.workerExecution()));
    }
}

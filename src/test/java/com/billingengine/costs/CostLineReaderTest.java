package com.billingengine.costs;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.batch.test.StepScopeTestUtils;

import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;
import com.billingengine.sandbox.AwsSandbox;
import com.billingengine.sandbox.SandboxOptions;

/**
 * The cost extraction reader against the sandbox's Cost Explorer over HTTP (real SDK client), inside a step scope as
 * the costExtraction worker runs it: what it reads for a payer's month, and what it saves in the step's
 * ExecutionContext (query plan, request count, cursor) so that a restart neither re-plans nor re-reads.
 */
class CostLineReaderTest {

    private static final BillingRun RUN = new BillingRun(BillingPeriod.parse("2026-10"), 1);
    private static final String PAYER = SandboxCostExplorer.TANAKA;
    private static AwsSandbox sandbox;
    private static SandboxCostExplorer costExplorer;

    @BeforeAll
    static void startSandbox() {
        sandbox = AwsSandbox.start(SandboxOptions.defaults());
        costExplorer = new SandboxCostExplorer(sandbox, PAYER);
    }

    @AfterAll
    static void stopSandbox() {
        costExplorer.close();
        sandbox.close();
    }

    private static long sandboxRequests() {
        return sandbox.requestCount("GetCostAndUsage", PAYER);
    }

    /** Opens a reader in the step scope of {@code step}, reads up to {@code max} lines, saves as a commit would. */
    private static List<CostLine> readAndCommit(CostLineReader reader, StepExecution step, int max) throws Exception {
        return StepScopeTestUtils.doInStepScope(step, () -> {
            reader.open(step.getExecutionContext());
            List<CostLine> lines = new ArrayList<>();
            for (CostLine line = lines.size() < max ? reader.read() : null; line != null;
                    line = lines.size() < max ? reader.read() : null) {
                lines.add(line);
            }
            reader.update(step.getExecutionContext());
            reader.close();
            return lines;
        });
    }

    @Test
    void aFreshStepReadsThePayersMonthAndSavesItsPlanAndRequestCount() throws Exception {
        long before = sandboxRequests();
        StepExecution step = MetaDataInstanceFactory.createStepExecution();
        List<CostLine> lines = readAndCommit(costExplorer.reader(PAYER, RUN), step, Integer.MAX_VALUE);
        long requests = sandboxRequests() - before;

        // the reconciliation figure of the default scenario (its run summary), and the sandbox's own oracle
        BigDecimal unblended = lines.stream().map(CostLine::unblendedCost).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(unblended).isEqualByComparingTo("98008.1231178107")
                .isEqualByComparingTo(sandbox.monthTotal(PAYER, YearMonth.of(2026, 10), "UnblendedCost"));
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.payerAccountId()).isEqualTo(PAYER);
            assertThat(l.usageDate()).hasYear(2026).hasMonthValue(10);
            assertThat(l.estimated()).isFalse();
        });
        List<CostLine> ec2 = lines.stream().filter(l -> l.accountId().equals("230160654387")
                && l.service().equals("Amazon Elastic Compute Cloud - Compute") && l.recordType().equals("Usage"))
                .toList();
        assertThat(ec2).as("Tanaka's EC2 usage in edge-cdn-29: a line a day").hasSize(31);
        assertThat(ec2.stream().map(CostLine::unblendedCost).reduce(BigDecimal.ZERO, BigDecimal::add))
                .as("the AWS cost of the pinned invoice line (SandboxAmountsTest)").isEqualByComparingTo("3651.883438608");

        ExecutionContext saved = step.getExecutionContext();
        assertThat(saved.getString("plan.recordTypes").split("\n")).as("one daily query per record type the month has")
                .containsExactly("Credit", "DiscountedUsage", "Fee", "RIFee", "Refund", "SavingsPlanCoveredUsage",
                        "SavingsPlanNegation", "SavingsPlanRecurringFee", "Support", "Tax", "Usage");
        assertThat(saved.getLong("costExplorerRequests")).as("every request counted, as the sandbox saw them")
                .isEqualTo(requests).isEqualTo(1 + 17); // the plan request and 17 pages
        assertThat(saved.getInt("cursor.query")).as("past the last query").isEqualTo(11);
        assertThat(saved.getString("cursor.queries").split("\n")).as("every query done").hasSize(11)
                .containsOnly("done");
    }

    @Test
    void aRestartedStepResumesAtTheSavedCursorWithoutReplanningOrReadingAPageTwice() throws Exception {
        long start = sandboxRequests();
        List<CostLine> all = readAndCommit(costExplorer.reader(PAYER, RUN), MetaDataInstanceFactory.createStepExecution(),
                Integer.MAX_VALUE);
        long fresh = sandboxRequests() - start;

        long before = sandboxRequests();
        StepExecution first = MetaDataInstanceFactory.createStepExecution();
        List<CostLine> beforeCrash = readAndCommit(costExplorer.reader(PAYER, RUN), first, 1250);
        long firstRequests = sandboxRequests() - before;
        ExecutionContext saved = first.getExecutionContext();
        assertThat(saved.getString("cursor.queries").split("\n")).as("the last commit fell inside a page")
                .anyMatch(query -> !query.equals("done") && !query.startsWith("0:"));
        // requests still in flight (pages fetched ahead) when the commit saved the count are not in it
        long savedRequests = saved.getLong("costExplorerRequests");
        assertThat(savedRequests).isBetween(firstRequests - 4, firstRequests);

        // the restarted step execution gets the context of the last commit
        StepExecution restarted = MetaDataInstanceFactory.createStepExecution(new ExecutionContext(saved));
        long atRestart = sandboxRequests();
        List<CostLine> afterRestart = readAndCommit(costExplorer.reader(PAYER, RUN), restarted, Integer.MAX_VALUE);
        long restartRequests = sandboxRequests() - atRestart;

        List<CostLine> together = new ArrayList<>(beforeCrash);
        together.addAll(afterRestart);
        assertThat(together).as("every line once: nothing lost, nothing read twice (queries interleave)")
                .containsExactlyInAnyOrderElementsOf(all);
        // a fresh read is 1 plan request + P pages; the first attempt made the plan request and k pages, some read
        // part-way or fetched ahead (one a query, four queries at a time) but not committed; the restart asks only
        // for those again and the ones after them, no plan
        long notRequested = (fresh - 1) - (firstRequests - 1);
        assertThat(restartRequests).isBetween(notRequested + 1, notRequested + 4 + 4);
        assertThat(restarted.getExecutionContext().getLong("costExplorerRequests"))
                .as("the count carries on across the restart").isEqualTo(savedRequests + restartRequests);
    }
}

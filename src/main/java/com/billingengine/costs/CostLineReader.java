package com.billingengine.costs;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import com.billingengine.batch.PagingReader;
import com.billingengine.identity.AwsCallException;
import com.billingengine.identity.PayerSession;
import com.billingengine.identity.Throttling;
import com.billingengine.period.BillingPeriod;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.costexplorer.model.DateInterval;
import software.amazon.awssdk.services.costexplorer.model.Dimension;
import software.amazon.awssdk.services.costexplorer.model.DimensionValuesWithAttributes;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.Group;
import software.amazon.awssdk.services.costexplorer.model.InvalidNextTokenException;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;

/**
 * Reads a payer's month from Cost Explorer: DAILY, grouped by LINKED_ACCOUNT and SERVICE, one RECORD_TYPE per
 * query, {@code queriesPerPayer} queries at a time (see {@link PagingReader}). Every request goes through the payer's
 * adaptive throttling. The query plan and the request and throttle counts live in the step's ExecutionContext with the page cursor, so a
 * restart neither re-plans nor loses count. A saved page token that Cost Explorer refuses as expired
 * (InvalidNextTokenException) restarts its query from the first page. The account names each page carries in
 * DimensionValueAttributes are kept for accounts that left the organisation. The planning request's month total
 * goes to a {@link MonthTotal} (costExtraction: {@link CostExplorerMonth}) for reconciliation.
 */
class CostLineReader extends PagingReader<CostLine> {

    /** Receives the payer's month as Cost Explorer totals it, both metrics, USD. */
    interface MonthTotal {
        void record(BigDecimal unblendedCost, BigDecimal netUnblendedCost);
    }

    static final String UNBLENDED = CostMetric.UNBLENDED_COST.value();
    static final String NET_UNBLENDED = CostMetric.NET_UNBLENDED_COST.value();
    private static final String PLAN = "plan.recordTypes";
    private static final String REQUESTS = "costExplorerRequests";
    private static final String THROTTLES = "costExplorerThrottles";
    /** A query whose tokens are refused again and again meets no stale cursor but a fault: the step then fails. */
    private static final int MAX_TOKEN_RESTARTS = 3;
    private static final Logger log = LoggerFactory.getLogger(CostLineReader.class);

    private final String payerAccountId;
    private final BillingPeriod period;
    private final PayerSession.CostExplorer costExplorer;
    private final Throttling.Payer throttling;
    private final AtomicLong sessionRequests;
    private final int windowDays;
    private final int queriesPerPayer;
    private final MonthTotal monthTotal;
    private CostQueryPlan plan;
    private long requestsBefore;
    private long sessionRequestsAtOpen;
    private long throttlesBefore;
    private long sessionThrottlesAtOpen;
    private final AtomicInteger pages = new AtomicInteger();
    /** Per query, how often its page tokens were refused and it started over. */
    private final Map<Integer, AtomicInteger> tokenRestarts = new ConcurrentHashMap<>();
    /** LINKED_ACCOUNT names from the pages read, for accounts Organizations no longer lists. */
    private final Map<String, String> accountNames = new ConcurrentHashMap<>();

    CostLineReader(String payerAccountId, BillingPeriod period, PayerSession session, int windowDays,
            int queriesPerPayer, MonthTotal monthTotal) {
        this.payerAccountId = payerAccountId;
        this.monthTotal = monthTotal;
        this.period = period;
        this.costExplorer = session.costExplorer();
        this.throttling = session.throttling();
        this.sessionRequests = session.costExplorerRequests();
        this.windowDays = windowDays;
        this.queriesPerPayer = queriesPerPayer;
    }

    @Override
    protected int parallelQueries() {
        return queriesPerPayer;
    }

    @Override
    public void open(ExecutionContext context) {
        requestsBefore = context.getLong(REQUESTS, 0);
        sessionRequestsAtOpen = sessionRequests.get();
        throttlesBefore = context.getLong(THROTTLES, 0);
        sessionThrottlesAtOpen = throttling.throttles().get();
        List<String> recordTypes;
        try {
            recordTypes = context.containsKey(PLAN)
                    ? Arrays.stream(context.getString(PLAN).split("\n")).filter(s -> !s.isEmpty()).toList()
                    : recordTypesOfTheMonth();
        } catch (SdkException e) {
            throw new AwsCallException(payerAccountId, "Cost Explorer GetCostAndUsage", e);
        }
        context.putString(PLAN, String.join("\n", recordTypes));
        plan = CostQueryPlan.of(period, recordTypes, windowDays);
        log.info("payer {}: {} record type(s) in {}: {}; {} Cost Explorer quer{}", payerAccountId, recordTypes.size(),
                period, recordTypes, plan.queries().size(), plan.queries().size() == 1 ? "y" : "ies");
        super.open(context);
    }

    /**
     * One MONTHLY request grouped by RECORD_TYPE tells which record types need a daily query at all; its groups add
     * up to Cost Explorer's month total (every cost has one record type), recorded for reconciliation, which then
     * needs no request of its own.
     */
    private List<String> recordTypesOfTheMonth() {
        TreeSet<String> types = new TreeSet<>();
        BigDecimal unblended = BigDecimal.ZERO;
        BigDecimal netUnblended = BigDecimal.ZERO;
        String token = null;
        do {
            String pageToken = token;
            GetCostAndUsageResponse response = throttling.call(() -> costExplorer.getCostAndUsage(r -> r
                    .timePeriod(month())
                    .granularity(Granularity.MONTHLY)
                    .metrics(UNBLENDED, NET_UNBLENDED)
                    .groupBy(g -> g.type(GroupDefinitionType.DIMENSION).key(Dimension.RECORD_TYPE.toString()))
                    .nextPageToken(pageToken)));
            for (ResultByTime result : response.resultsByTime()) {
                for (Group group : result.groups()) {
                    types.add(group.keys().get(0));
                    unblended = unblended.add(amount(group, UNBLENDED));
                    netUnblended = netUnblended.add(amount(group, NET_UNBLENDED));
                }
            }
            token = response.nextPageToken();
        } while (token != null && !token.isEmpty());
        monthTotal.record(unblended, netUnblended);
        return new ArrayList<>(types);
    }

    private DateInterval month() {
        return DateInterval.builder().start(period.start().toString()).end(period.endExclusive().toString()).build();
    }

    @Override
    protected int queryCount() {
        return plan.queries().size();
    }

    @Override
    protected Page<CostLine> fetch(int index, String token) {
        try {
            try {
                return fetchPage(index, token);
            } catch (InvalidNextTokenException e) {
                // a token saved by a run that failed yesterday may have expired: the query starts over, and the
                // upserts make the lines read twice change nothing
                int restarts = tokenRestarts.computeIfAbsent(index, i -> new AtomicInteger()).incrementAndGet();
                if (token == null || restarts > MAX_TOKEN_RESTARTS) {
                    throw e;
                }
                CostQueryPlan.CostQuery query = plan.queries().get(index);
                log.warn("payer {}: query {}/{} ({} {}..{}): page token expired: re-reading from the first page ({})",
                        payerAccountId, index + 1, plan.queries().size(), query.recordType(), query.start(),
                        query.end(), e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
                Page<CostLine> first = fetchPage(index, null);
                return new Page<>(first.items(), first.nextToken(), true);
            }
        } catch (SdkException e) {
            throw new AwsCallException(payerAccountId, "Cost Explorer GetCostAndUsage", e);
        }
    }

    /** The account's name as Cost Explorer gives it (DimensionValueAttributes), or null when no page named it. */
    String costExplorerName(String accountId) {
        return accountNames.get(accountId);
    }

    private Page<CostLine> fetchPage(int index, String token) {
        CostQueryPlan.CostQuery query = plan.queries().get(index);
        GetCostAndUsageResponse response = throttling.call(() -> costExplorer.getCostAndUsage(r -> r
                .timePeriod(t -> t.start(query.start().toString()).end(query.end().toString()))
                .granularity(Granularity.DAILY)
                .metrics(UNBLENDED, NET_UNBLENDED)
                .groupBy(g -> g.type(GroupDefinitionType.DIMENSION).key(Dimension.LINKED_ACCOUNT.toString()),
                        g -> g.type(GroupDefinitionType.DIMENSION).key(Dimension.SERVICE.toString()))
                .filter(f -> f.dimensions(d -> d.key(Dimension.RECORD_TYPE).values(query.recordType())))
                .nextPageToken(token)));
        for (DimensionValuesWithAttributes value : response.dimensionValueAttributes()) {
            String name = value.attributes().get("description");
            if (value.value() != null && name != null && !name.isEmpty()) {
                accountNames.put(value.value(), name);
            }
        }
        List<CostLine> lines = new ArrayList<>();
        for (ResultByTime result : response.resultsByTime()) {
            LocalDate day = LocalDate.parse(result.timePeriod().start());
            boolean estimated = Boolean.TRUE.equals(result.estimated());
            for (Group group : result.groups()) {
                lines.add(new CostLine(payerAccountId, group.keys().get(0), group.keys().get(1), day,
                        query.recordType(), amount(group, UNBLENDED), amount(group, NET_UNBLENDED), estimated));
            }
        }
        int read = pages.incrementAndGet();
        if (read % 10 == 0 || response.nextPageToken() == null) {
            log.info("payer {}: query {}/{} ({} {}..{}) page {} read, {} lines", payerAccountId, index + 1,
                    plan.queries().size(), query.recordType(), query.start(), query.end(), read, lines.size());
        }
        return new Page<>(lines, response.nextPageToken());
    }

    private static BigDecimal amount(Group group, String metric) {
        MetricValue value = group.metrics().get(metric);
        return value == null || value.amount() == null ? BigDecimal.ZERO : new BigDecimal(value.amount());
    }

    @Override
    public void update(ExecutionContext context) {
        super.update(context);
        context.putLong(REQUESTS, requests());
        context.putLong(THROTTLES, throttlesBefore + throttling.throttles().get() - sessionThrottlesAtOpen);
    }

    long requests() {
        return requestsBefore + sessionRequests.get() - sessionRequestsAtOpen;
    }
}

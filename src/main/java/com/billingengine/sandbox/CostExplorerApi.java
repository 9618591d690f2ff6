package com.billingengine.sandbox;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cost Explorer GetCostAndUsage over JSON 1.1. Groups are sorted by their keys within each time period and paged
 * {@link #PAGE_SIZE} at a time, counted across all ResultsByTime entries. A page's amounts are computed only for the
 * groups on it, so large estates page without holding a month in memory.
 */
final class CostExplorerApi {

    /** Groups per page, counted across ResultsByTime entries. */
    static final int PAGE_SIZE = 500;
    /** Longest window accepted, a guard against runaway requests. */
    static final int MAX_DAYS = 3700;

    private final Scenario scenario;
    private final CostModel costs;
    private final PageTokens tokens;
    private final ObjectMapper json;
    private final int estimatedDays;
    private final Duration tokenMaxAge;
    private final Clock clock;
    private final long instance;

    /**
     * @param estimatedDays the last N days of each month are marked estimated (31: every day)
     * @param tokenMaxAge   page tokens older than this, or issued by another instance, are refused (null: never)
     * @param instance      this sandbox instance, which its expiring tokens name
     */
    CostExplorerApi(Scenario scenario, CostModel costs, PageTokens tokens, ObjectMapper json, int estimatedDays,
            Duration tokenMaxAge, Clock clock, long instance) {
        this.scenario = scenario;
        this.costs = costs;
        this.tokens = tokens;
        this.json = json;
        this.estimatedDays = estimatedDays;
        this.tokenMaxAge = tokenMaxAge;
        this.clock = clock;
        this.instance = instance;
    }

    private record Bucket(LocalDate start, LocalDate end) {
    }

    private record Query(List<Bucket> buckets, List<CostMetric> metrics, List<String> groupBy,
            Predicate<Scenario.Cell> filter) {
    }

    ObjectNode getCostAndUsage(String callerId, JsonNode request) {
        Query query = parse(request);
        int offset = offset(callerId, request);
        List<Scenario.Cell> cells = new ArrayList<>();
        for (Scenario.Account account : scenario.visibleAccounts(callerId)) {
            for (Scenario.Cell cell : scenario.cells(account)) {
                if (query.filter().test(cell)) {
                    cells.add(cell);
                }
            }
        }
        ObjectNode response = json.createObjectNode();
        ArrayNode definitions = response.putArray("GroupDefinitions");
        query.groupBy().forEach(key -> definitions.addObject().put("Type", "DIMENSION").put("Key", key));
        ArrayNode results = response.putArray("ResultsByTime");
        if (query.groupBy().isEmpty()) {
            for (Bucket bucket : query.buckets()) {
                ObjectNode result = period(results.addObject(), bucket);
                writeMetrics(result.putObject("Total"), query.metrics(), cells, bucket);
                result.putArray("Groups");
                result.put("Estimated", estimated(bucket));
            }
            response.putArray("DimensionValueAttributes");
            return response;
        }

        Map<List<String>, List<Scenario.Cell>> groups = new TreeMap<>(KEYS_ORDER);
        for (Scenario.Cell cell : cells) {
            List<String> keys = query.groupBy().stream().map(key -> CostFilter.value(cell, key)).toList();
            groups.computeIfAbsent(keys, k -> new ArrayList<>()).add(cell);
        }
        int total = 0;
        int[] present = new int[query.buckets().size()];
        for (int b = 0; b < present.length; b++) {
            Bucket bucket = query.buckets().get(b);
            for (List<Scenario.Cell> group : groups.values()) {
                if (charges(group, bucket)) {
                    present[b]++;
                }
            }
            total += present[b];
        }
        int pageEnd = offset + PAGE_SIZE;
        boolean lastPage = pageEnd >= total;
        TreeSet<String> accountsOnPage = new TreeSet<>();
        int position = 0;
        for (int b = 0; b < present.length; b++) {
            int bucketStart = position;
            position += present[b];
            boolean emptyHere = present[b] == 0 && bucketStart >= offset && (bucketStart < pageEnd || lastPage);
            if (!emptyHere && (position <= offset || bucketStart >= pageEnd)) {
                continue;
            }
            Bucket bucket = query.buckets().get(b);
            ObjectNode result = period(results.addObject(), bucket);
            result.putObject("Total");
            ArrayNode groupNodes = result.putArray("Groups");
            int index = bucketStart;
            for (Map.Entry<List<String>, List<Scenario.Cell>> group : groups.entrySet()) {
                if (index >= pageEnd || !charges(group.getValue(), bucket)) {
                    continue;
                }
                if (index++ < offset) {
                    continue;
                }
                ObjectNode groupNode = groupNodes.addObject();
                ArrayNode keys = groupNode.putArray("Keys");
                group.getKey().forEach(keys::add);
                writeMetrics(groupNode.putObject("Metrics"), query.metrics(), group.getValue(), bucket);
                int accountKey = query.groupBy().indexOf("LINKED_ACCOUNT");
                if (accountKey >= 0) {
                    accountsOnPage.add(group.getKey().get(accountKey));
                }
            }
            result.put("Estimated", estimated(bucket));
        }
        ArrayNode attributes = response.putArray("DimensionValueAttributes");
        for (String accountId : accountsOnPage) {
            ObjectNode attribute = attributes.addObject().put("Value", accountId);
            attribute.putObject("Attributes").put("description", scenario.account(accountId).name());
        }
        if (!lastPage) {
            String payload = "ce|" + pageEnd + "|" + requestDigest(callerId, request);
            // expiring tokens carry their issue time and issuer; others stay equal for equal seeds
            response.put("NextPageToken", tokens.seal(tokenMaxAge == null ? payload
                    : payload + "|" + clock.millis() + "|" + instance));
        }
        return response;
    }

    private static final Comparator<List<String>> KEYS_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private boolean charges(List<Scenario.Cell> group, Bucket bucket) {
        for (Scenario.Cell cell : group) {
            for (LocalDate day = bucket.start(); day.isBefore(bucket.end()); day = day.plusDays(1)) {
                if (scenario.chargedOn(cell, day)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void writeMetrics(ObjectNode target, List<CostMetric> metrics, List<Scenario.Cell> cells, Bucket bucket) {
        BigDecimal[] sums = new BigDecimal[metrics.size()];
        String[] units = new String[metrics.size()];
        Arrays.fill(sums, BigDecimal.ZERO);
        for (Scenario.Cell cell : cells) {
            for (LocalDate day = bucket.start(); day.isBefore(bucket.end()); day = day.plusDays(1)) {
                CostModel.Draw draw = costs.draw(cell, day);
                if (draw == null) {
                    continue;
                }
                for (int m = 0; m < metrics.size(); m++) {
                    sums[m] = sums[m].add(metrics.get(m).value(draw));
                    String unit = metrics.get(m).unit(cell);
                    units[m] = units[m] == null || units[m].equals(unit) ? unit : "N/A";
                }
            }
        }
        for (int m = 0; m < metrics.size(); m++) {
            CostMetric metric = metrics.get(m);
            String unit = units[m] != null ? units[m] : metric.cost() ? "USD" : "N/A";
            target.putObject(metric.apiName())
                    .put("Amount", sums[m].stripTrailingZeros().toPlainString())
                    .put("Unit", unit);
        }
    }

    /** A result is estimated when any of its days lies in the last {@code estimatedDays} of its month. */
    private boolean estimated(Bucket bucket) {
        for (LocalDate day = bucket.start(); day.isBefore(bucket.end()); day = day.plusDays(1)) {
            if (day.getDayOfMonth() > day.lengthOfMonth() - estimatedDays) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode period(ObjectNode result, Bucket bucket) {
        result.putObject("TimePeriod").put("Start", bucket.start().toString()).put("End", bucket.end().toString());
        return result;
    }

    private int offset(String callerId, JsonNode request) {
        String token = request.path("NextPageToken").asString(null);
        if (token == null) {
            return 0;
        }
        String payload = tokens.open(token);
        String[] parts = payload == null ? new String[0] : payload.split("\\|");
        if ((parts.length != 3 && parts.length != 5) || !parts[0].equals("ce")) {
            throw new AwsError(400, "InvalidNextTokenException", "The pagination token is invalid.");
        }
        if (tokenMaxAge != null) {
            refuseExpired(parts);
        }
        if (!parts[2].equals(requestDigest(callerId, request))) {
            throw new AwsError(400, "RequestChangedException",
                    "The request changed while paginating: send the token with the request that returned it.");
        }
        return Integer.parseInt(parts[1]);
    }

    /**
     * A token older than the maximum age has expired; so has one issued by another instance (a restarted sandbox
     * stands for the days between a failed run and its continuation) or one without an issue time.
     */
    private void refuseExpired(String[] parts) {
        if (parts.length != 5 || !parts[4].equals(Long.toString(instance))) {
            throw new AwsError(400, "InvalidNextTokenException",
                    "The pagination token has expired (issued by an earlier sandbox instance).");
        }
        long age = clock.millis() - Long.parseLong(parts[3]);
        if (age > tokenMaxAge.toMillis()) {
            throw new AwsError(400, "InvalidNextTokenException", "The pagination token has expired (issued "
                    + age / 1000 + " s ago; the sandbox's page tokens live " + tokenMaxAge.toSeconds() + " s).");
        }
    }

    /** The request without its token, and who sent it: what a token is bound to. */
    private String requestDigest(String callerId, JsonNode request) {
        ObjectNode copy = ((ObjectNode) request).deepCopy();
        copy.remove("NextPageToken");
        return tokens.digest(callerId + "|" + json.writeValueAsString(copy));
    }

    private Query parse(JsonNode request) {
        JsonNode period = request.path("TimePeriod");
        LocalDate start = date(period.path("Start"), "TimePeriod.Start");
        LocalDate end = date(period.path("End"), "TimePeriod.End");
        if (!end.isAfter(start)) {
            throw invalid("Start date (" + start + ") must be before end date (" + end + ")");
        }
        if (ChronoUnit.DAYS.between(start, end) > MAX_DAYS) {
            throw invalid("Time period longer than " + MAX_DAYS + " days");
        }
        String granularity = request.path("Granularity").asString("");
        List<Bucket> buckets = new ArrayList<>();
        switch (granularity) {
            case "DAILY" -> start.datesUntil(end).forEach(day -> buckets.add(new Bucket(day, day.plusDays(1))));
            case "MONTHLY" -> {
                for (LocalDate from = start; from.isBefore(end); ) {
                    LocalDate next = from.with(TemporalAdjusters.firstDayOfNextMonth());
                    LocalDate to = next.isBefore(end) ? next : end;
                    buckets.add(new Bucket(from, to));
                    from = to;
                }
            }
            case "HOURLY" -> throw invalid("Hourly granularity is not enabled for this account");
            default -> throw invalid("Granularity must be DAILY, MONTHLY or HOURLY, was '" + granularity + "'");
        }

        JsonNode metricNames = request.path("Metrics");
        if (!metricNames.isArray() || metricNames.isEmpty()) {
            throw invalid("Metrics is required");
        }
        List<CostMetric> metrics = new ArrayList<>();
        for (JsonNode name : metricNames.values()) {
            CostMetric metric = CostMetric.ofApiName(name.asString(""));
            if (metric == null) {
                throw invalid("Invalid metric: " + name.asString(""));
            }
            metrics.add(metric);
        }

        JsonNode groupByNode = request.path("GroupBy");
        List<String> groupBy = new ArrayList<>();
        if (groupByNode.size() > 2) {
            throw invalid("You can only group by up to two different dimensions, tags or cost categories");
        }
        for (JsonNode group : groupByNode.values()) {
            String type = group.path("Type").asString("");
            String key = group.path("Key").asString("");
            if (!type.equals("DIMENSION")) {
                throw invalid("Group type " + type + " is not supported: the sandbox has no tags or cost categories");
            }
            if (!CostFilter.DIMENSIONS.contains(key)) {
                throw invalid("Group definition dimension '" + key + "' is not supported; use one of "
                        + CostFilter.DIMENSIONS);
            }
            groupBy.add(key);
        }

        JsonNode filterNode = request.path("Filter");
        Predicate<Scenario.Cell> filter = filterNode.isMissingNode() || filterNode.isNull()
                ? cell -> true : CostFilter.compile(filterNode);
        return new Query(buckets, metrics, groupBy, filter);
    }

    private static LocalDate date(JsonNode node, String field) {
        String text = node.asString("");
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(field + " '" + text + "' is not a date (YYYY-MM-DD)");
        }
    }

    private static AwsError invalid(String message) {
        return new AwsError(400, "ValidationException", message);
    }
}

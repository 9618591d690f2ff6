package com.billingengine.costs;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.billingengine.period.BillingPeriod;

/**
 * The Cost Explorer queries for one payer and period. GroupBy takes at most two dimensions, so LINKED_ACCOUNT ×
 * SERVICE is grouped and RECORD_TYPE filtered; only the record types the month actually has (one MONTHLY request
 * finds them) are queried, since every request costs USD 0.01. Day windows split the month only when configured:
 * the whole month in one window needs the fewest requests.
 */
record CostQueryPlan(List<CostQuery> queries) {

    /** One filtered query: a record type over [start, end). */
    record CostQuery(String recordType, LocalDate start, LocalDate end) {
    }

    static CostQueryPlan of(BillingPeriod period, List<String> recordTypes, int windowDays) {
        List<CostQuery> queries = new ArrayList<>();
        for (String recordType : recordTypes.stream().sorted().toList()) {
            for (LocalDate start = period.start(); start.isBefore(period.endExclusive()); start = start.plusDays(windowDays)) {
                LocalDate end = start.plusDays(windowDays);
                queries.add(new CostQuery(recordType, start,
                        end.isAfter(period.endExclusive()) ? period.endExclusive() : end));
            }
        }
        return new CostQueryPlan(List.copyOf(queries));
    }
}

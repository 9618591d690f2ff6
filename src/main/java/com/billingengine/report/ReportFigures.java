package com.billingengine.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import com.billingengine.period.BillingRun;

/**
 * The sums the page shows, from invoice lines only: per customer, per pricing rule, per charge type, and the
 * changes against the previous exported month. Amounts stay in the invoice currency; charts and rankings use the
 * USD equivalent (amount ÷ the line's exchange rate) so customers in different currencies compare fairly.
 */
final class ReportFigures {

    /** How many rows each movers table shows. */
    static final int MOVERS = 10;

    /** Sums of a group of lines: AWS cost (USD), billed amount (invoice currency) and its USD equivalent. */
    record Sum(BigDecimal awsCost, BigDecimal amount, BigDecimal usd, int lines) {

        static final Sum ZERO = new Sum(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0);

        Sum plus(ReportLine line) {
            return new Sum(awsCost.add(line.awsCost()), amount.add(line.amount()), usd.add(line.usd()), lines + 1);
        }

        BigDecimal margin() {
            return usd.subtract(awsCost);
        }
    }

    /** A customer's invoice (customer and currency). */
    record Customer(String customerId, String name, String currency) {

        String key() {
            return customerId + " " + currency;
        }
    }

    /** A row of a movers table: what changed between the previous month and this one. */
    record Mover(Customer customer, String item, Sum before, Sum now) {

        BigDecimal change() {
            return now.amount().subtract(before.amount());
        }

        BigDecimal usdChange() {
            return now.usd().subtract(before.usd());
        }
    }

    private final List<ReportLine> lines;
    private final Map<String, Customer> customers = new TreeMap<>();

    ReportFigures(List<ReportLine> lines) {
        this.lines = lines;
        lines.forEach(l -> customers.putIfAbsent(customerOf(l).key(), customerOf(l)));
    }

    private static Customer customerOf(ReportLine line) {
        return new Customer(line.customerId(), line.customerName(), line.currency());
    }

    List<Customer> customers() {
        return List.copyOf(customers.values());
    }

    Map<String, Sum> byCustomer() {
        return sum(l -> customerOf(l).key());
    }

    /** Invoice totals per currency, in currency order. */
    Map<String, Sum> byCurrency() {
        return new TreeMap<>(sum(ReportLine::currency));
    }

    Map<String, Sum> byPricingRule() {
        return new TreeMap<>(sum(ReportLine::pricingRule));
    }

    /** Per customer key, per charge type: what the charge type adds to the invoice. */
    Map<String, Map<String, Sum>> chargeTypesByCustomer() {
        Map<String, Map<String, Sum>> result = new TreeMap<>();
        for (ReportLine l : lines) {
            result.computeIfAbsent(customerOf(l).key(), k -> new TreeMap<>())
                    .merge(l.chargeType(), Sum.ZERO.plus(l), ReportFigures::add);
        }
        return result;
    }

    /** The biggest changes against an earlier month, by customer, account and service, largest first. */
    List<Mover> movers(ReportFigures before, String kind) {
        Function<ReportLine, String> item = switch (kind) {
            case "customer" -> l -> "";
            case "account" -> l -> l.accountId().isEmpty() ? "(custom line items)" : l.accountId() + " " + l.accountName();
            case "service" -> ReportLine::service;
            default -> throw new IllegalArgumentException(kind);
        };
        Map<String, Sum> now = sum(l -> customerOf(l).key() + "\u0000" + item.apply(l));
        Map<String, Sum> then = before.sum(l -> customerOf(l).key() + "\u0000" + item.apply(l));
        Map<String, Customer> known = new LinkedHashMap<>(before.customers);
        known.putAll(customers);
        List<Mover> movers = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(now.keySet());
        keys.addAll(then.keySet());
        for (String key : keys) {
            String[] parts = key.split("\u0000", 2);
            Mover mover = new Mover(known.get(parts[0]), parts[1], then.getOrDefault(key, Sum.ZERO),
                    now.getOrDefault(key, Sum.ZERO));
            if (mover.change().signum() != 0) {
                movers.add(mover);
            }
        }
        movers.sort(Comparator.comparing((Mover m) -> m.usdChange().abs()).reversed()
                .thenComparing(m -> m.customer().key()).thenComparing(Mover::item));
        return movers.subList(0, Math.min(MOVERS, movers.size()));
    }

    private Map<String, Sum> sum(Function<ReportLine, String> key) {
        Map<String, Sum> sums = new TreeMap<>();
        for (ReportLine l : lines) {
            sums.merge(key.apply(l), Sum.ZERO.plus(l), ReportFigures::add);
        }
        return sums;
    }

    private static Sum add(Sum a, Sum b) {
        return new Sum(a.awsCost().add(b.awsCost()), a.amount().add(b.amount()), a.usd().add(b.usd()),
                a.lines() + b.lines());
    }

    /** A month of history: the run it comes from and its figures. */
    record Month(BillingRun run, ReportFigures figures) {
    }
}

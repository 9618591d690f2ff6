package com.billingengine.pricing;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.billingengine.period.BillingRun;

/**
 * The exchange rates a run bills with (table {@code run_exchange_rate}): taken from the rates file at the run's
 * first attempt and recorded before its first invoice, then reused by every restart of the run, so a rates file
 * edited in between never makes one run bill with two rates.
 */
final class RunExchangeRates {

    private static final Logger log = LoggerFactory.getLogger(RunExchangeRates.class);

    private final JdbcClient jdbc;
    private final ExchangeRates file;

    RunExchangeRates(JdbcClient jdbc, ExchangeRates file) {
        this.jdbc = jdbc;
        this.file = file;
    }

    /**
     * The rate of each currency for the run: the recorded one, else the file's, which is then recorded.
     *
     * @throws MissingExchangeRateException when a currency has neither
     */
    Map<String, BigDecimal> forRun(BillingRun run, Collection<String> currencies) {
        Map<String, BigDecimal> recorded = recorded(run);
        Map<String, BigDecimal> rates = new TreeMap<>();
        for (String currency : currencies) {
            BigDecimal used = recorded.get(currency);
            if (used == null) {
                rates.put(currency, file.require(currency, run.period())); // all checked before any is recorded
                continue;
            }
            rates.put(currency, used);
            file.rate(currency, run.period()).filter(now -> now.compareTo(used) != 0).ifPresent(now -> log.warn(
                    "{}: billing {} at the rate recorded for this run, {}, not the rates file's {} now ({}):"
                            + " a run never bills with two rates; bill the new rate with `run --rerun`",
                    run, currency, used.toPlainString(), now.toPlainString(), file.source()));
        }
        rates.forEach((currency, rate) -> {
            if (!recorded.containsKey(currency)) {
                jdbc.sql("INSERT INTO run_exchange_rate (billing_period, revision, currency, rate, source)"
                        + " VALUES (?, ?, ?, ?, ?)")
                        .params(run.periodText(), run.revision(), currency, rate, file.source()).update();
                log.info("{}: recorded exchange rate {} {} per USD from {}", run, rate.toPlainString(), currency,
                        file.source());
            }
        });
        return rates;
    }

    Map<String, BigDecimal> recorded(BillingRun run) {
        Map<String, BigDecimal> recorded = new TreeMap<>();
        jdbc.sql("SELECT currency, rate FROM run_exchange_rate WHERE billing_period = ? AND revision = ?")
                .params(run.periodText(), run.revision())
                .query(rs -> {
                    recorded.put(rs.getString("currency"), rs.getBigDecimal("rate"));
                });
        return recorded;
    }
}

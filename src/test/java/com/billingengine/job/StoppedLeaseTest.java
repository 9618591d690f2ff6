package com.billingengine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;
import com.zaxxer.hikari.HikariDataSource;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * A signal closes the engine under a running job: the launcher's beans go before the connection pool, and a lease
 * still held is then left to expire. The interrupted run's own close, which comes after the pool has closed, must
 * find nothing to do, never a warning about the closed pool (which is what CI once printed after SIGTERM).
 */
class StoppedLeaseTest {

    private static final BillingRun RUN = new BillingRun(BillingPeriod.parse("2026-10"), 1);

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(RunLease.class);
    private HikariDataSource pool;
    private BillingRuns runs;

    @BeforeEach
    void database() {
        pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        pool.setUsername("sa");
        Flyway.configure().dataSource(pool).locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load().migrate();
        runs = new BillingRuns(JdbcClient.create(pool), new DataSourceTransactionManager(pool));
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logged);
        pool.close();
    }

    private RunLease take(java.util.Set<RunLease> taken) {
        BillingRuns.Owner owner = BillingRuns.Owner.random();
        assertThat(runs.acquire(RUN, owner, 60).granted()).isTrue();
        RunLease lease = new RunLease(runs, RUN, owner, 60, null, taken::remove);
        taken.add(lease);
        return lease;
    }

    @Test
    void aLeaseAbandonedBeforeThePoolClosesIsLeftToExpireAndItsLaterCloseSaysNothing() {
        java.util.Set<RunLease> taken = new java.util.HashSet<>();
        RunLease lease = take(taken);

        lease.abandon(); // the engine closing: BillingJobLauncher.destroy()
        assertThat(taken).as("no longer held by the launcher").isEmpty();
        BillingRuns.Lease left = runs.lease(RUN).orElseThrow();
        pool.close();
        lease.close(); // the interrupted run's finally block, after the pool has gone

        assertThat(left.fresh()).as("left to expire, not released").isTrue();
        assertThat(left.expiresAt()).isNotNull();
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("2026-10 rev-1: stopped; its lease is left to expire in at most 60 s");
    }

    @Test
    void aRunThatEndsItselfReleasesItsLease() {
        java.util.Set<RunLease> taken = new java.util.HashSet<>();
        RunLease lease = take(taken);

        lease.close();
        lease.abandon(); // the engine closing later finds nothing held

        assertThat(taken).isEmpty();
        assertThat(runs.lease(RUN).orElseThrow().expiresAt()).as("released").isNull();
        assertThat(logged.list).isEmpty();
    }
}

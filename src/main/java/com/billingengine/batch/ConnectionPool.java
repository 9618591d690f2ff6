package com.billingengine.batch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The database connections, sized from {@code billing.job.concurrency}: a partition (a payer, an invoice) holds at
 * most one connection at a time, and only while it writes: the data source is a {@link LazyConnectionDataSourceProxy},
 * so a chunk's transaction takes a connection at its first statement, after its reader has waited for AWS. A pool of
 * concurrency + {@value #HEADROOM} (the job's own thread, the lease heartbeat, progress, metrics) never has more
 * claimants than connections, so no pool time-out mid-run; connections open as needed (at most
 * {@value #HEADROOM} kept idle), so a large pool costs the server nothing until used.
 * {@code spring.datasource.hikari.maximum-pool-size}, when set, wins.
 */
@Configuration(proxyBeanMethods = false)
public class ConnectionPool {

    static final int HEADROOM = 4;
    private static final Logger log = LoggerFactory.getLogger(ConnectionPool.class);

    /** The connections a process with this concurrency may open. */
    public static int size(int concurrency) {
        return Math.max(1, concurrency) + HEADROOM;
    }

    @Bean
    static BeanPostProcessor lazyPooledConnections(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof HikariDataSource hikari)) {
                    return bean;
                }
                if (!environment.containsProperty("spring.datasource.hikari.maximum-pool-size")) {
                    int concurrency = Binder.get(environment).bind("billing.job.concurrency", Integer.class).orElse(2);
                    hikari.setMaximumPoolSize(size(concurrency));
                }
                if (!environment.containsProperty("spring.datasource.hikari.minimum-idle")) {
                    hikari.setMinimumIdle(Math.min(HEADROOM, hikari.getMaximumPoolSize()));
                }
                log.info("database connections: at most {}, {} kept idle, taken at a transaction's first statement",
                        hikari.getMaximumPoolSize(), hikari.getMinimumIdle());
                return new LazyConnections(hikari);
            }
        };
    }

    /** Closes the pool with the context (the proxy hides the pool's own close from Spring). */
    static final class LazyConnections extends LazyConnectionDataSourceProxy implements AutoCloseable {

        private final HikariDataSource pool;

        LazyConnections(HikariDataSource pool) {
            super(pool);
            this.pool = pool;
        }

        @Override
        public void close() {
            pool.close();
        }
    }
}

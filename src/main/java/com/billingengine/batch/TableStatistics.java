package com.billingengine.batch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * After a step has bulk-loaded a table, the database's planner statistics of it are refreshed (ANALYZE). Without
 * them PostgreSQL plans the next steps' per-invoice and per-payer queries for the empty table it last saw (and
 * autovacuum, where it runs at all, analyzes late): at 10 M cost lines each invoice's export query scanned all of
 * the run's invoice lines, which made erpExport grow with invoices × lines.
 */
public final class TableStatistics implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(TableStatistics.class);

    private final JdbcTemplate jdbc;
    private final String table;

    private TableStatistics(JdbcTemplate jdbc, String table) {
        this.jdbc = jdbc;
        this.table = table;
    }

    /** Refreshes {@code table}'s statistics when the step completes. */
    public static TableStatistics refreshedAfter(JdbcTemplate jdbc, String table) {
        return new TableStatistics(jdbc, table);
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (ExitStatus.COMPLETED.getExitCode().equals(stepExecution.getExitStatus().getExitCode())) {
            long started = System.nanoTime();
            jdbc.execute(Upsert.isPostgres(jdbc.getDataSource()) ? "ANALYZE " + table : "ANALYZE TABLE " + table);
            log.info("{}: statistics of {} refreshed in {} ms", stepExecution.getStepName(), table,
                    (System.nanoTime() - started) / 1_000_000);
        }
        return null;
    }
}

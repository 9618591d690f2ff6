package com.billingengine.job;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.billingengine.period.BillingPeriod;
import com.billingengine.period.BillingRun;

/** Table billing_run: the revisions of each period and which process last ran each. */
@Repository
class BillingRuns {

    /** Where a run's process lives, to tell a live run from one whose process died. */
    record Owner(String host, long pid) {

        static Owner current() {
            try {
                return new Owner(InetAddress.getLocalHost().getHostName(), ProcessHandle.current().pid());
            } catch (UnknownHostException e) {
                return new Owner("localhost", ProcessHandle.current().pid());
            }
        }

        boolean isAlive() {
            if (!current().host().equals(host)) {
                return true; // another machine: assume alive rather than recover a run that may still be going
            }
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }

        @Override
        public String toString() {
            return "pid " + pid + " on " + host;
        }
    }

    private final JdbcClient jdbc;

    BillingRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Integer> latestRevision(BillingPeriod period) {
        int latest = jdbc.sql("SELECT COALESCE(MAX(revision), 0) FROM billing_run WHERE billing_period = ?")
                .param(period.toString()).query(Integer.class).single();
        return latest == 0 ? Optional.empty() : Optional.of(latest);
    }

    Optional<Owner> owner(BillingRun run) {
        return jdbc.sql("SELECT host, pid FROM billing_run WHERE billing_period = ? AND revision = ?")
                .params(run.periodText(), run.revision())
                .query((rs, i) -> new Owner(rs.getString("host"), rs.getLong("pid"))).optional();
    }

    void claim(BillingRun run, Owner owner) {
        int updated = jdbc.sql("UPDATE billing_run SET host = ?, pid = ? WHERE billing_period = ? AND revision = ?")
                .params(owner.host(), owner.pid(), run.periodText(), run.revision()).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO billing_run (billing_period, revision, host, pid) VALUES (?, ?, ?, ?)")
                    .params(run.periodText(), run.revision(), owner.host(), owner.pid()).update();
        }
    }
}

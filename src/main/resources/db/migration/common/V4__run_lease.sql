-- Run ownership is a lease in the database, not a host name and process id: the process that runs a revision
-- holds it and renews it while the job runs; a run whose lease expired is dead, whichever host it ran on.
-- Expiry is written and compared with the database's clock only (CURRENT_TIMESTAMP), so the hosts' clocks never
-- matter. host and pid stay, for people: "held by <host> pid <pid> until <time>".
ALTER TABLE billing_run ADD COLUMN owner_id VARCHAR(64);
ALTER TABLE billing_run ADD COLUMN lease_expires_at TIMESTAMP WITH TIME ZONE;
-- restart --reextract: the steps after payerDiscovery that completed in a job execution up to this id are stale and
-- run again from their first item (accounts and costs read again from AWS)
ALTER TABLE billing_run ADD COLUMN reextract_after BIGINT;

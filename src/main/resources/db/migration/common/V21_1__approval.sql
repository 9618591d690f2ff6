-- Approval before release (billing.export.approval: required). A revision whose job completed with its files in the
-- pending folder is AWAITING_APPROVAL; `approve` publishes it (APPROVED), `reject` voids it (VOIDED, kept for audit,
-- never exported). Null: published by the job itself (approval none). Who and when (the database's clock) with it.
ALTER TABLE billing_run ADD COLUMN approval VARCHAR(20);
ALTER TABLE billing_run ADD COLUMN approval_by VARCHAR(255);
ALTER TABLE billing_run ADD COLUMN approval_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE billing_run ADD COLUMN approval_reason VARCHAR(1024);

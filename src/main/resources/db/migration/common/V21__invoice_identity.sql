-- Invoice identity: a payer's payment terms (days from an invoice's issue date to its due date) are a registry term,
-- versioned like the markup; null: the job's default (billing.export.payment-terms-days).
ALTER TABLE payer_version ADD COLUMN payment_terms_days INT;
-- what payerDiscovery fixed for the run: the registry's days, else the default then, so a restart dates the
-- invoices as the first attempt did (null: a run recorded before payment terms; the default applies)
ALTER TABLE run_payer ADD COLUMN payment_terms_days INT;

-- History is history for the invoice documents: the invoice day (billing.export.invoice-day) a revision dates its
-- invoices and correction notes with, fixed with its pricing terms at its first start, so a restart or a later
-- setting never moves an issue date; a rerun takes that of the revision it corrects (the period's invoice was issued
-- then). Null: a revision recorded before this column; the setting in force applies.
ALTER TABLE run_terms ADD COLUMN invoice_day INT;

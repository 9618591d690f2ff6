-- Exact audit: invoice_line keeps exactly the exact amount, markup and exchange rate the line was priced with
-- (DECFLOAT has no fixed scale, so nothing is rounded on the way in), and run_exchange_rate records the rates a run
-- used, so a restart prices with them even if jobs/exchange-rates.csv changed since. PostgreSQL: NUMERIC.
ALTER TABLE invoice_line ALTER COLUMN exact_amount SET DATA TYPE DECFLOAT;
ALTER TABLE invoice_line ALTER COLUMN markup_percent SET DATA TYPE DECFLOAT;
ALTER TABLE invoice_line ALTER COLUMN exchange_rate SET DATA TYPE DECFLOAT;

CREATE TABLE run_exchange_rate (
    billing_period   VARCHAR(7)     NOT NULL,
    revision         INT            NOT NULL,
    currency         VARCHAR(3)     NOT NULL,
    rate             DECFLOAT       NOT NULL,
    source           VARCHAR(2048)  NOT NULL,
    PRIMARY KEY (billing_period, revision, currency)
);

-- reconciliation sums invoice lines per payer
CREATE INDEX invoice_line_payer ON invoice_line (billing_period, revision, payer_account_id);

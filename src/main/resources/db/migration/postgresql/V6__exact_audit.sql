-- Exact audit: invoice_line keeps exactly the exact amount, markup and exchange rate the line was priced with
-- (NUMERIC without precision stores any value as given), and run_exchange_rate records the rates a run used, so a
-- restart prices with them even if jobs/exchange-rates.csv changed since. H2: DECFLOAT.
ALTER TABLE invoice_line ALTER COLUMN exact_amount TYPE NUMERIC;
ALTER TABLE invoice_line ALTER COLUMN markup_percent TYPE NUMERIC;
ALTER TABLE invoice_line ALTER COLUMN exchange_rate TYPE NUMERIC;

CREATE TABLE run_exchange_rate (
    billing_period   VARCHAR(7)     NOT NULL,
    revision         INT            NOT NULL,
    currency         VARCHAR(3)     NOT NULL,
    rate             NUMERIC        NOT NULL,
    source           VARCHAR(2048)  NOT NULL,
    PRIMARY KEY (billing_period, revision, currency)
);

-- reconciliation sums invoice lines per payer
CREATE INDEX invoice_line_payer ON invoice_line (billing_period, revision, payer_account_id);

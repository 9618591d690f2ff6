-- costExtraction: per payer, Cost Explorer's month total (the MONTHLY request by record type that plans the daily
-- queries, both metrics), so reconciliation proves the staged lines without a request of its own
CREATE TABLE cost_explorer_month (
    billing_period        VARCHAR(7)      NOT NULL,
    revision              INT             NOT NULL,
    payer_account_id      VARCHAR(12)     NOT NULL,
    unblended_cost        DECIMAL(38, 18) NOT NULL,
    net_unblended_cost    DECIMAL(38, 18) NOT NULL,
    PRIMARY KEY (billing_period, revision, payer_account_id)
);

-- reconciliation step: per payer, Cost Explorer's unfiltered month total against the staged cost lines
CREATE TABLE reconciliation (
    billing_period      VARCHAR(7)      NOT NULL,
    revision            INT             NOT NULL,
    payer_account_id    VARCHAR(12)     NOT NULL,
    cost_explorer_total DECIMAL(38, 18) NOT NULL,
    staged_total        DECIMAL(38, 18) NOT NULL,
    invoiced_aws_cost   DECIMAL(38, 18) NOT NULL,
    dropped_aws_cost    DECIMAL(38, 18) NOT NULL,
    PRIMARY KEY (billing_period, revision, payer_account_id)
);

-- Billing tables. Every per-run table is keyed by billing period and revision, so a step reads what the
-- previous one committed, a restart needs no memory of the dead process, and old revisions stay for audit.

CREATE TABLE payer (
    payer_account_id VARCHAR(12)    NOT NULL PRIMARY KEY,
    customer_id      VARCHAR(64)    NOT NULL,
    customer_name    VARCHAR(512)   NOT NULL,
    currency         VARCHAR(3)     NOT NULL,
    role_arn         VARCHAR(2048)  NOT NULL,
    status           VARCHAR(16)    NOT NULL,
    markup_percent   DECIMAL(9, 4)  NOT NULL,
    validated_at     TIMESTAMP,
    created_at       TIMESTAMP      NOT NULL,
    updated_at       TIMESTAMP      NOT NULL
);

CREATE TABLE billing_run (
    billing_period   VARCHAR(7)     NOT NULL,
    revision         INT            NOT NULL,
    host             VARCHAR(255),
    pid              BIGINT,
    export_status    VARCHAR(16),
    export_path      VARCHAR(2048),
    PRIMARY KEY (billing_period, revision)
);

-- the payer set fixed by payerDiscovery: later registry edits do not change a run in flight
CREATE TABLE run_payer (
    billing_period   VARCHAR(7)     NOT NULL,
    revision         INT            NOT NULL,
    payer_account_id VARCHAR(12)    NOT NULL,
    customer_id      VARCHAR(64)    NOT NULL,
    customer_name    VARCHAR(512)   NOT NULL,
    currency         VARCHAR(3)     NOT NULL,
    role_arn         VARCHAR(2048)  NOT NULL,
    markup_percent   DECIMAL(9, 4)  NOT NULL,
    PRIMARY KEY (billing_period, revision, payer_account_id)
);

CREATE TABLE linked_account (
    billing_period   VARCHAR(7)     NOT NULL,
    revision         INT            NOT NULL,
    payer_account_id VARCHAR(12)    NOT NULL,
    account_id       VARCHAR(12)    NOT NULL,
    account_name     VARCHAR(1024)  NOT NULL,
    email            VARCHAR(512),
    state            VARCHAR(32),
    joined_at        TIMESTAMP,
    PRIMARY KEY (billing_period, revision, payer_account_id, account_id)
);

CREATE TABLE cost_line (
    billing_period     VARCHAR(7)      NOT NULL,
    revision           INT             NOT NULL,
    payer_account_id   VARCHAR(12)     NOT NULL,
    account_id         VARCHAR(12)     NOT NULL,
    service            VARCHAR(512)    NOT NULL,
    usage_date         DATE            NOT NULL,
    record_type        VARCHAR(64)     NOT NULL,
    unblended_cost     DECIMAL(38, 18) NOT NULL,
    net_unblended_cost DECIMAL(38, 18) NOT NULL,
    estimated          BOOLEAN         NOT NULL,
    PRIMARY KEY (billing_period, revision, payer_account_id, account_id, service, usage_date, record_type)
);

CREATE TABLE invoice_line (
    billing_period   VARCHAR(7)      NOT NULL,
    revision         INT             NOT NULL,
    line_id          VARCHAR(64)     NOT NULL,
    customer_id      VARCHAR(64)     NOT NULL,
    customer_name    VARCHAR(512)    NOT NULL,
    currency         VARCHAR(3)      NOT NULL,
    payer_account_id VARCHAR(12)     NOT NULL,
    account_id       VARCHAR(12)     NOT NULL,
    account_name     VARCHAR(1024)   NOT NULL,
    service          VARCHAR(512)    NOT NULL,
    charge_type      VARCHAR(64)     NOT NULL,
    aws_cost         DECIMAL(38, 18) NOT NULL,
    exact_amount     DECIMAL(38, 18) NOT NULL,
    amount           DECIMAL(24, 4)  NOT NULL,
    pricing_rule     VARCHAR(128)    NOT NULL,
    markup_percent   DECIMAL(9, 4)   NOT NULL,
    exchange_rate    DECIMAL(24, 10) NOT NULL,
    PRIMARY KEY (billing_period, revision, line_id)
);

CREATE INDEX invoice_line_customer ON invoice_line (billing_period, revision, customer_id);

CREATE TABLE export_file (
    billing_period   VARCHAR(7)     NOT NULL,
    revision         INT            NOT NULL,
    file_name        VARCHAR(255)   NOT NULL,
    sha256           VARCHAR(64)    NOT NULL,
    row_count        INT            NOT NULL,
    PRIMARY KEY (billing_period, revision, file_name)
);

-- Terms over time. A payer's billing terms (customer, currency, markup, lifecycle status) are versions, each in force
-- from a billing period until the next version's period, never overwritten: a period is billed with the terms in
-- force for it, whenever it runs. `version` counts a payer's versions in the order they were recorded; of two
-- versions from the same period the later recorded one is in force. from_period '0000-00': since registration.
CREATE TABLE payer_version (
    payer_account_id VARCHAR(12)    NOT NULL,
    version          INT            NOT NULL,
    from_period      VARCHAR(7)     NOT NULL,
    customer_id      VARCHAR(64)    NOT NULL,
    customer_name    VARCHAR(512)   NOT NULL,
    currency         VARCHAR(3)     NOT NULL,
    markup_percent   DECIMAL(9, 4)  NOT NULL,
    status           VARCHAR(16)    NOT NULL,
    reason           VARCHAR(1024),
    recorded_by      VARCHAR(255)   NOT NULL,
    recorded_at      TIMESTAMP      NOT NULL,
    PRIMARY KEY (payer_account_id, version)
);

-- the registry as it stood becomes each payer's first version; PENDING was onboarding, not a term
INSERT INTO payer_version (payer_account_id, version, from_period, customer_id, customer_name, currency,
                           markup_percent, status, reason, recorded_by, recorded_at)
SELECT payer_account_id, 1, '0000-00', customer_id, customer_name, currency, markup_percent,
       CASE WHEN status = 'PENDING' THEN 'ACTIVE' ELSE status END, NULL, 'registry before versions', updated_at
FROM payer;

-- what stays in payer is the account itself: its role and its onboarding (PENDING until validated, then ACTIVE)
ALTER TABLE payer ADD COLUMN onboarding VARCHAR(16);
UPDATE payer SET onboarding = CASE WHEN status = 'PENDING' THEN 'PENDING' ELSE 'ACTIVE' END;
ALTER TABLE payer ALTER COLUMN onboarding SET NOT NULL;
ALTER TABLE payer DROP COLUMN status;
ALTER TABLE payer DROP COLUMN customer_id;
ALTER TABLE payer DROP COLUMN customer_name;
ALTER TABLE payer DROP COLUMN currency;
ALTER TABLE payer DROP COLUMN markup_percent;

-- which registry version billed each payer of a run (null: a run recorded before versions)
ALTER TABLE run_payer ADD COLUMN registry_version INT;

-- the pricing terms a revision was priced with, fixed at its first attempt to price (like run_exchange_rate): the
-- rules and custom line items in force for the period as canonical YAML with its SHA-256, and the charge handling
CREATE TABLE run_terms (
    billing_period   VARCHAR(7)       NOT NULL,
    revision         INT              NOT NULL,
    rules_source     VARCHAR(2048)    NOT NULL,
    rules_sha256     VARCHAR(64)      NOT NULL,
    rules            VARCHAR(1000000) NOT NULL,
    charges          VARCHAR(1024)    NOT NULL,
    PRIMARY KEY (billing_period, revision)
);

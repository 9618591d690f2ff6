-- erpDelivery: one receipt per target and file of a delivered revision, written once the target holds every file
-- with the manifest's size and SHA-256. sent is false for a file that was already there (a restarted delivery);
-- delivered_at is the database's clock, as the run lease is.
CREATE TABLE delivery_receipt (
    billing_period VARCHAR(7)               NOT NULL,
    revision       INT                      NOT NULL,
    target         VARCHAR(500)             NOT NULL,
    file_name      VARCHAR(200)             NOT NULL,
    size_bytes     BIGINT                   NOT NULL,
    sha256         VARCHAR(64)              NOT NULL,
    sent           BOOLEAN                  NOT NULL,
    delivered_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (billing_period, revision, target, file_name)
);

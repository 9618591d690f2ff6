-- Whether this database holds simulated (sandbox) or real (production) billing data: one row, written by the first
-- command that calls AWS or bills (or seeds the sandbox's payers); the other kind of command is refused from then on,
-- so the demo never leaves simulated payers or periods in production, nor bills real payers from simulated data.
CREATE TABLE installation (
    id           INT         NOT NULL PRIMARY KEY CHECK (id = 1),
    kind         VARCHAR(10) NOT NULL CHECK (kind IN ('sandbox', 'production')),
    recorded_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);

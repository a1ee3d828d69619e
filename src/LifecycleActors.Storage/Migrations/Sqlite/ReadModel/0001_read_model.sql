-- The customers projection, written behind by the customer grains: listing, paging, stats, catch-up.
CREATE TABLE customers (
    tenant            TEXT    NOT NULL,
    customer_id       TEXT    NOT NULL,
    stage             TEXT    NOT NULL,
    vip               INTEGER NOT NULL,
    advocate          INTEGER NOT NULL,
    net_spend         REAL    NOT NULL,
    spend365          REAL    NOT NULL,
    events_applied    INTEGER NOT NULL,
    applied_position  INTEGER NOT NULL,  -- every log entry of this customer up to here is applied
    snapshot_position INTEGER NOT NULL,  -- ... and up to here is in the grain's stored snapshot
    next_change_at    INTEGER NULL,      -- next time-driven change (UTC ticks)
    updated_at        INTEGER NOT NULL,
    view              TEXT    NOT NULL,  -- the customer as the API shows it (JSON)
    PRIMARY KEY (tenant, customer_id)
);

CREATE INDEX ix_customers_stage ON customers (tenant, stage, customer_id);

-- Every transition, once per (tenant, customer, sequence).
CREATE TABLE transitions (
    tenant      TEXT    NOT NULL,
    customer_id TEXT    NOT NULL,
    sequence    INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    from_value  TEXT    NOT NULL,
    to_value    TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    detected_at INTEGER NOT NULL,
    reason      TEXT    NOT NULL,
    PRIMARY KEY (tenant, customer_id, sequence)
);

CREATE INDEX ix_transitions_customer_at ON transitions (tenant, customer_id, at);

-- Small service facts, such as the catch-up checkpoint.
CREATE TABLE service_state (
    key   TEXT    PRIMARY KEY,
    value INTEGER NOT NULL
);

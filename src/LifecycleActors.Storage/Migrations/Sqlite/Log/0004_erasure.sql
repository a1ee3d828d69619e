-- Erasure (ADR 0016): the jobs, the tombstones and their salts live beside the log, so that the log step (tombstones
-- in, the customer's entries out) is one transaction that every append sees either wholly or not at all.
CREATE TABLE erasures (
    erasure_id    TEXT    PRIMARY KEY,
    tenant        TEXT    NOT NULL,
    customer_id   TEXT    NULL,      -- cleared when the erasure is done
    working_set   TEXT    NULL,      -- JSON: the linked anonymous ids, the customers in referrals with it, pseudonyms; cleared when done
    requested_by  TEXT    NOT NULL,  -- 'api-key' or 'agent:<name>'
    requested_at  INTEGER NOT NULL,  -- UTC ticks
    erased_before INTEGER NOT NULL,  -- events that occurred before this are the erased customer's past
    status        TEXT    NOT NULL,  -- pending, done
    sealed        INTEGER NOT NULL DEFAULT 0,  -- the log step is done
    counts        TEXT    NOT NULL,  -- JSON: rows removed or anonymised per store
    claimed_until INTEGER NULL,
    finished_at   INTEGER NULL
);

CREATE INDEX ix_erasures_pending ON erasures (status, requested_at);
CREATE INDEX ix_erasures_tenant ON erasures (tenant, requested_at);

CREATE TABLE tombstone_salts (
    tenant TEXT PRIMARY KEY,
    salt   BLOB NOT NULL
);

CREATE TABLE erased_ids (
    tenant        TEXT    NOT NULL,
    id_hash       TEXT    NOT NULL,
    erased_before INTEGER NOT NULL,
    PRIMARY KEY (tenant, id_hash)
);

CREATE INDEX ix_event_log_referred ON event_log (tenant, referred_id) WHERE referred_id IS NOT NULL;

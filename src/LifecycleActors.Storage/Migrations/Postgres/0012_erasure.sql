-- Erasure (ADR 0016). An erasure is a job: requested, then carried out step by step (the log under the append lock,
-- the customer's live state, every other store), each step safe to repeat, so a silo that dies mid-way leaves a job
-- that the next pass finishes. The customer id is kept in clear only while the job is pending; a finished job is the
-- audit record (who, when, which tenant, rows removed per store).
CREATE TABLE erasures (
    erasure_id    text   PRIMARY KEY,
    tenant        text   NOT NULL,
    customer_id   text   NULL,      -- cleared when the erasure is done
    working_set   text   NULL,      -- JSON: the linked anonymous ids, the customers in referrals with it, pseudonyms; cleared when done
    requested_by  text   NOT NULL,  -- 'api-key' or 'agent:<name>'
    requested_at  bigint NOT NULL,  -- UTC ticks
    erased_before bigint NOT NULL,  -- events that occurred before this are the erased customer's past
    status        text   NOT NULL,  -- pending, done
    sealed        boolean NOT NULL DEFAULT false,  -- the log step is done
    counts        text   NOT NULL,  -- JSON: rows removed or anonymised per store
    claimed_until bigint NULL,      -- a silo carries it out until then (UTC ticks)
    finished_at   bigint NULL
);

CREATE INDEX ix_erasures_pending ON erasures (status, requested_at);
CREATE INDEX ix_erasures_tenant ON erasures (tenant, requested_at);

-- The tombstones: per tenant, a keyed hash of each erased id (never the id) and the instant before which its events
-- are the erased past. Appends drop such events; a customer activated fresh ignores them.
CREATE TABLE tombstone_salts (
    tenant text  PRIMARY KEY,
    salt   bytea NOT NULL
);

CREATE TABLE erased_ids (
    tenant        text   NOT NULL,
    id_hash       text   NOT NULL,
    erased_before bigint NOT NULL,  -- UTC ticks
    PRIMARY KEY (tenant, id_hash)
);

-- Others' referral events name the erased id; finding them must not scan the log.
CREATE INDEX ix_event_log_referred ON event_log (tenant, referred_id) WHERE referred_id IS NOT NULL;

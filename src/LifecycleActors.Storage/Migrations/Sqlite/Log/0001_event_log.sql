-- The append-only event log: the source of truth. One row per accepted event.
-- Times are UTC ticks (100 ns since 0001-01-01). Amounts are decimal text, exact.
CREATE TABLE event_log (
    position     INTEGER PRIMARY KEY,   -- rowid: new rows get max + 1, and rows are never deleted
    tenant       TEXT    NOT NULL,
    event_id     TEXT    NOT NULL,
    customer_id  TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    occurred_at  INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    order_id     TEXT    NULL,
    amount       TEXT    NULL,
    int_value    INTEGER NULL,      -- rating or NPS score
    referred_id  TEXT    NULL,
    data         TEXT    NOT NULL   -- the event's data object as received
);

-- An event id is accepted once per tenant; a repeat is a duplicate.
CREATE UNIQUE INDEX ux_event_log_tenant_event ON event_log (tenant, event_id);

-- A customer's events in log order: catch-up on activation and the timeline.
CREATE INDEX ix_event_log_customer ON event_log (tenant, customer_id, position);

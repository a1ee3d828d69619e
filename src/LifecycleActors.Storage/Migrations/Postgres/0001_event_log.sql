-- The append-only event log: the source of truth. One row per accepted event.
-- Times are UTC ticks (100 ns since 0001-01-01), as on SQLite, so cursors and comparisons are exact.
--
-- Positions come from the identity below, allocated only while the appending transaction holds the event log's
-- append lock (ADR 0009), so they become visible in increasing order: a reader that has seen position p will
-- never see a new entry below p appear later. A rolled-back append leaves a gap that is never filled.
CREATE TABLE event_log (
    position     bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant       text    NOT NULL,
    event_id     text    NOT NULL,
    customer_id  text    NOT NULL,
    type         text    NOT NULL,
    occurred_at  bigint  NOT NULL,
    received_at  bigint  NOT NULL,
    order_id     text    NULL,
    amount       numeric NULL,      -- exact decimal
    int_value    integer NULL,      -- rating or NPS score
    referred_id  text    NULL,
    data         text    NOT NULL   -- the event's data object as received (JSON text)
);

-- An event id is accepted once per tenant; a repeat is a duplicate.
CREATE UNIQUE INDEX ux_event_log_tenant_event ON event_log (tenant, event_id);

-- A customer's events in log order: catch-up on activation and the timeline.
CREATE INDEX ix_event_log_customer ON event_log (tenant, customer_id, position);

-- The latest occurredAt accepted per tenant: the service clock in event-time mode. Written in the same
-- transaction as the events that move it, so it is exactly as durable as they are.
CREATE TABLE tenant_watermarks (
    tenant    text   PRIMARY KEY,
    watermark bigint NOT NULL   -- UTC ticks
);

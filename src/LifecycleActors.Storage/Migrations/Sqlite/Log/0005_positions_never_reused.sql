-- Log positions are never given out twice. Erasure (ADR 0016) and retention (ADR 0017) remove entries; without
-- AUTOINCREMENT, SQLite gives a new row the largest remaining rowid + 1, so removing the newest entry would hand its
-- position to the next event, below marks that already passed it (the KPI log mark, the logged counts, the catch-up
-- checkpoint), and that event would be missed by them. AUTOINCREMENT keeps the largest position ever used in
-- sqlite_sequence. The table is rebuilt with the same columns and indexes; positions and rows are unchanged.
CREATE TABLE event_log_positions (
    position     INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant       TEXT    NOT NULL,
    event_id     TEXT    NOT NULL,
    customer_id  TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    occurred_at  INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    order_id     TEXT    NULL,
    amount       TEXT    NULL,
    int_value    INTEGER NULL,
    referred_id  TEXT    NULL,
    data         TEXT    NOT NULL,
    sent_as      TEXT    NULL
);

INSERT INTO event_log_positions (position, tenant, event_id, customer_id, type, occurred_at, received_at, order_id, amount, int_value, referred_id, data, sent_as)
SELECT position, tenant, event_id, customer_id, type, occurred_at, received_at, order_id, amount, int_value, referred_id, data, sent_as
FROM event_log ORDER BY position;

DROP TABLE event_log;
ALTER TABLE event_log_positions RENAME TO event_log;

CREATE UNIQUE INDEX ux_event_log_tenant_event ON event_log (tenant, event_id);
CREATE INDEX ix_event_log_customer ON event_log (tenant, customer_id, position);
CREATE INDEX ix_event_log_referred ON event_log (tenant, referred_id) WHERE referred_id IS NOT NULL;

-- The latest occurredAt accepted per tenant: the service clock in event-time mode. Written in the same
-- transaction as the events that move it, so it is exactly as durable as they are.
CREATE TABLE tenant_watermarks (
    tenant    TEXT    PRIMARY KEY,
    watermark INTEGER NOT NULL   -- UTC ticks
);

INSERT INTO tenant_watermarks (tenant, watermark)
SELECT tenant, MAX(occurred_at) FROM event_log GROUP BY tenant;

-- Identity stitching (ADR 0013). An identify links an anonymous visitor id to a customer in the transaction that logs
-- it; from then on the events sent under that id are logged under the customer, with the id they were sent under in
-- sent_as (also set on the identify itself: the id it links). The links can be rebuilt from the identify entries.
ALTER TABLE event_log ADD COLUMN sent_as TEXT NULL;

-- One customer per anonymous id; a customer may have many.
CREATE TABLE identity_links (
    tenant       TEXT NOT NULL,
    anonymous_id TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    event_id     TEXT NOT NULL,   -- the identify that made the link
    PRIMARY KEY (tenant, anonymous_id)
);

-- A customer's anonymous ids: its timeline shows their events.
CREATE INDEX ix_identity_links_customer ON identity_links (tenant, customer_id);

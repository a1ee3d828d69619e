-- Identity stitching (ADR 0013). An identify links an anonymous visitor id to a customer in the transaction that logs
-- it (under the event log's append lock); from then on the events sent under that id are logged under the customer,
-- with the id they were sent under in sent_as (also set on the identify itself: the id it links). The links can be
-- rebuilt from the identify entries.
ALTER TABLE event_log ADD COLUMN sent_as text NULL;

-- One customer per anonymous id; a customer may have many.
CREATE TABLE identity_links (
    tenant       text NOT NULL,
    anonymous_id text NOT NULL,
    customer_id  text NOT NULL,
    event_id     text NOT NULL,   -- the identify that made the link
    PRIMARY KEY (tenant, anonymous_id)
);

-- A customer's anonymous ids: its timeline shows their events.
CREATE INDEX ix_identity_links_customer ON identity_links (tenant, customer_id);

-- Anonymous ids whose events a customer has merged: their own rows stay, but listings and stats leave them out, so a
-- visitor and the customer it turned out to be count once. Written by the customer in the same commit as its row
-- that counts the merged events.
CREATE TABLE linked_customers (
    tenant       text NOT NULL,
    anonymous_id text NOT NULL,
    customer_id  text NOT NULL,
    PRIMARY KEY (tenant, anonymous_id)
);

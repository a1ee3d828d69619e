-- Each customer's number of event log entries up to a mark (service_state 'logged-counts'), so that the recovery
-- pass compares a customer's applied events with its log by counting only the entries after the mark, not the
-- customer's whole history on every pass. The mark and the counts move together in one transaction.
-- Whatever removes log entries must lower these counts in the same transaction.
CREATE TABLE logged_counts (
    tenant      text   NOT NULL,
    customer_id text   NOT NULL,
    entries     bigint NOT NULL,
    PRIMARY KEY (tenant, customer_id)
);

-- The mark starts before the first entry: the first pass counts the whole log once.
INSERT INTO service_state (key, value) VALUES ('logged-counts', 0);

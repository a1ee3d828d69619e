-- The KPI store (ADR 0014): each customer's KPI cells (what its orders, transitions and NPS answers add per local
-- day of the tenant's time zone) and the tenant's sums of them per (day, field), kept by the KPI projection so that
-- a request reads the sums, not the history. A customer is marked pending when its log entries or transitions
-- change; the projection recomputes its cells from its history, adds the difference to the sums and clears the mark,
-- all in one transaction. The log is read up to a mark (service_state 'kpi-log') that moves in the same transaction
-- as the pending marks it makes.
CREATE TABLE kpi_customers (
    tenant      text NOT NULL,
    customer_id text NOT NULL,
    cells       text NOT NULL,   -- "day:field:value;…" (day = days since 0001-01-01 in the tenant's zone)
    PRIMARY KEY (tenant, customer_id)
);

CREATE TABLE kpi_totals (
    tenant text    NOT NULL,
    day    integer NOT NULL,
    field  integer NOT NULL,
    value  numeric NOT NULL,
    PRIMARY KEY (tenant, day, field)
);

-- mark grows with every change noted, so clearing a mark read before a later change leaves the later one.
CREATE TABLE kpi_pending (
    tenant      text   NOT NULL,
    customer_id text   NOT NULL,
    mark        bigint NOT NULL,
    PRIMARY KEY (tenant, customer_id)
);

-- The time zone the tenant's cells were computed in; another zone rebuilds them.
CREATE TABLE kpi_tenants (
    tenant    text PRIMARY KEY,
    time_zone text NOT NULL
);

INSERT INTO service_state (key, value) VALUES ('kpi-log', 0);

-- The customers projection, written behind by the customer grains of every silo: listing, paging, stats,
-- catch-up, the scheduler's due list and the population facts.
CREATE TABLE customers (
    tenant             text             NOT NULL,
    customer_id        text             NOT NULL,
    stage              text             NOT NULL,
    vip                boolean          NOT NULL,
    advocate           boolean          NOT NULL,
    net_spend          double precision NOT NULL,
    spend365           double precision NOT NULL,
    events_applied     integer          NOT NULL,
    applied_position   bigint           NOT NULL,  -- every log entry of this customer up to here is applied
    snapshot_position  bigint           NOT NULL,  -- ... and up to here is in the grain's stored snapshot
    next_change_at     bigint           NULL,      -- next time-driven change (UTC ticks)
    updated_at         bigint           NOT NULL,
    view               text             NOT NULL,  -- the customer as the API shows it (JSON)
    own_gap_days       double precision NULL,      -- mean of the customer's own gaps; NULL with no gap
    purchase_days      integer          NOT NULL DEFAULT 0,
    first_purchase_day integer          NULL,      -- day number (days since 0001-01-01, UTC)
    last_purchase_day  integer          NULL,
    repeat_mean_value  double precision NULL,      -- mean net spend of the purchase days after the first
    PRIMARY KEY (tenant, customer_id)
);

CREATE INDEX ix_customers_stage ON customers (tenant, stage, customer_id);

-- The scheduler's due list: customers whose next time-driven change is known, by tenant and instant.
CREATE INDEX ix_customers_due ON customers (tenant, next_change_at, customer_id)
WHERE next_change_at IS NOT NULL;

-- Every transition, once per (tenant, customer, sequence).
CREATE TABLE transitions (
    tenant      text    NOT NULL,
    customer_id text    NOT NULL,
    sequence    bigint  NOT NULL,
    kind        text    NOT NULL,
    from_value  text    NOT NULL,
    to_value    text    NOT NULL,
    at          bigint  NOT NULL,   -- UTC ticks
    detected_at bigint  NOT NULL,
    reason      text    NOT NULL,
    PRIMARY KEY (tenant, customer_id, sequence)
);

CREATE INDEX ix_transitions_customer_at ON transitions (tenant, customer_id, at);

-- Small service facts, such as the catch-up checkpoint.
CREATE TABLE service_state (
    key   text   PRIMARY KEY,
    value bigint NOT NULL
);

-- The population facts and fitted model per tenant, as last computed (the JSON of the model API).
CREATE TABLE tenant_models (
    tenant    text   PRIMARY KEY,
    fitted_at bigint NOT NULL,   -- UTC ticks
    model     text   NOT NULL
);

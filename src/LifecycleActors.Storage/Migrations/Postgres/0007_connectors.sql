-- Shop connectors created through the admin API. The id is the webhook URL, so it is unique across tenants; the
-- secret keys the platform's HMAC and is kept as given.
CREATE TABLE connectors (
    connector_id text   PRIMARY KEY,
    tenant       text   NOT NULL,
    platform     text   NOT NULL,  -- shopify, shopware, woocommerce
    secret       text   NOT NULL,
    customer_key text   NOT NULL,  -- platform-id, email-hash
    created_at   bigint NOT NULL,  -- UTC ticks
    updated_at   bigint NOT NULL
);

CREATE INDEX ix_connectors_tenant ON connectors (tenant);

-- What became of the webhooks to each connector: one upsert per webhook adds to these sums.
CREATE TABLE connector_counts (
    tenant           text   NOT NULL,
    connector_id     text   NOT NULL,
    received         bigint NOT NULL,
    accepted         bigint NOT NULL,
    duplicates       bigint NOT NULL,
    ignored          bigint NOT NULL,
    rejected         bigint NOT NULL,
    unauthorized     bigint NOT NULL,
    last_received_at bigint NOT NULL,  -- UTC ticks
    PRIMARY KEY (tenant, connector_id)
);

-- The newest refused webhooks of each connector (20 kept). seq is the connector's received count of that webhook.
CREATE TABLE connector_errors (
    tenant       text    NOT NULL,
    connector_id text    NOT NULL,
    at           bigint  NOT NULL,  -- UTC ticks
    seq          bigint  NOT NULL,
    topic        text    NOT NULL,
    status       integer NOT NULL,  -- the HTTP status answered (401, 422)
    field        text    NULL,
    error        text    NOT NULL,
    PRIMARY KEY (tenant, connector_id, at, seq)
);

-- Each tenant's salt for e-mail customer keys: 32 random bytes, made once.
CREATE TABLE tenant_salts (
    tenant     text   PRIMARY KEY,
    salt       bytea  NOT NULL,
    created_at bigint NOT NULL  -- UTC ticks
);

-- Which customer placed each order, for events that name only the order; the first one recorded stays.
CREATE TABLE connector_orders (
    tenant      text NOT NULL,
    platform    text NOT NULL,
    order_id    text NOT NULL,
    customer_id text NOT NULL,
    PRIMARY KEY (tenant, platform, order_id)
);

-- Events that name an order whose customer is not known yet, waiting for the order's own webhook.
CREATE TABLE connector_parked (
    tenant     text   NOT NULL,
    platform   text   NOT NULL,
    event_id   text   NOT NULL,
    order_id   text   NOT NULL,
    event_json text   NOT NULL,  -- the event without its customer id
    parked_at  bigint NOT NULL,  -- UTC ticks
    PRIMARY KEY (tenant, platform, event_id)
);

CREATE INDEX ix_connector_parked_order ON connector_parked (tenant, platform, order_id);

-- The platforms' privacy requests as received: ids and hashes only, no personal data.
CREATE TABLE privacy_requests (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- orders requests received at the same instant
    tenant            text   NOT NULL,
    connector_id      text   NOT NULL,
    topic             text   NOT NULL,
    customer_id       text   NULL,
    email_customer_id text   NULL,
    request_id        text   NULL,
    order_ids         text   NOT NULL,  -- JSON array of order ids
    received_at       bigint NOT NULL   -- UTC ticks
);

CREATE INDEX ix_privacy_requests_received ON privacy_requests (tenant, received_at);

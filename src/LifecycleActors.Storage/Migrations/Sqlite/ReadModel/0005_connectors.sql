-- Shop connectors created through the admin API. The id is the webhook URL, so it is unique across tenants; the
-- secret keys the platform's HMAC and is kept as given.
CREATE TABLE connectors (
    connector_id TEXT    PRIMARY KEY,
    tenant       TEXT    NOT NULL,
    platform     TEXT    NOT NULL,  -- shopify, shopware, woocommerce
    secret       TEXT    NOT NULL,
    customer_key TEXT    NOT NULL,  -- platform-id, email-hash
    created_at   INTEGER NOT NULL,  -- UTC ticks
    updated_at   INTEGER NOT NULL
);

CREATE INDEX ix_connectors_tenant ON connectors (tenant);

-- What became of the webhooks to each connector: one upsert per webhook adds to these sums.
CREATE TABLE connector_counts (
    tenant           TEXT    NOT NULL,
    connector_id     TEXT    NOT NULL,
    received         INTEGER NOT NULL,
    accepted         INTEGER NOT NULL,
    duplicates       INTEGER NOT NULL,
    ignored          INTEGER NOT NULL,
    rejected         INTEGER NOT NULL,
    unauthorized     INTEGER NOT NULL,
    last_received_at INTEGER NOT NULL,  -- UTC ticks
    PRIMARY KEY (tenant, connector_id)
);

-- The newest refused webhooks of each connector (20 kept). seq is the connector's received count of that webhook.
CREATE TABLE connector_errors (
    tenant       TEXT    NOT NULL,
    connector_id TEXT    NOT NULL,
    at           INTEGER NOT NULL,  -- UTC ticks
    seq          INTEGER NOT NULL,
    topic        TEXT    NOT NULL,
    status       INTEGER NOT NULL,  -- the HTTP status answered (401, 422)
    field        TEXT    NULL,
    error        TEXT    NOT NULL,
    PRIMARY KEY (tenant, connector_id, at, seq)
);

-- Each tenant's salt for e-mail customer keys: 32 random bytes, made once.
CREATE TABLE tenant_salts (
    tenant     TEXT    PRIMARY KEY,
    salt       BLOB    NOT NULL,
    created_at INTEGER NOT NULL  -- UTC ticks
);

-- Which customer placed each order, for events that name only the order; the first one recorded stays.
CREATE TABLE connector_orders (
    tenant      TEXT NOT NULL,
    platform    TEXT NOT NULL,
    order_id    TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    PRIMARY KEY (tenant, platform, order_id)
);

-- Events that name an order whose customer is not known yet, waiting for the order's own webhook.
CREATE TABLE connector_parked (
    tenant     TEXT    NOT NULL,
    platform   TEXT    NOT NULL,
    event_id   TEXT    NOT NULL,
    order_id   TEXT    NOT NULL,
    event_json TEXT    NOT NULL,  -- the event without its customer id
    parked_at  INTEGER NOT NULL,  -- UTC ticks
    PRIMARY KEY (tenant, platform, event_id)
);

CREATE INDEX ix_connector_parked_order ON connector_parked (tenant, platform, order_id);

-- The platforms' privacy requests as received: ids and hashes only, no personal data.
CREATE TABLE privacy_requests (
    id                INTEGER PRIMARY KEY,  -- the rowid: orders requests received at the same instant
    tenant            TEXT    NOT NULL,
    connector_id      TEXT    NOT NULL,
    topic             TEXT    NOT NULL,
    customer_id       TEXT    NULL,
    email_customer_id TEXT    NULL,
    request_id        TEXT    NULL,
    order_ids         TEXT    NOT NULL,  -- JSON array of order ids
    received_at       INTEGER NOT NULL   -- UTC ticks
);

CREATE INDEX ix_privacy_requests_received ON privacy_requests (tenant, received_at);

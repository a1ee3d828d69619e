-- Campaigns of each tenant: the definition as JSON (with its webhook secret), and whether it is paused.
CREATE TABLE campaigns (
    tenant      TEXT    NOT NULL,
    campaign_id TEXT    NOT NULL,
    definition  TEXT    NOT NULL,
    paused      INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,  -- UTC ticks
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (tenant, campaign_id)
);

-- The campaigns' outbox: one row per (campaign, customer, transition sequence), however often the transition is
-- delivered; its status says what became of it. Times are UTC ticks in the tenant's clock.
CREATE TABLE campaign_entries (
    tenant      TEXT    NOT NULL,
    campaign_id TEXT    NOT NULL,
    customer_id TEXT    NOT NULL,
    sequence    INTEGER NOT NULL,
    entered_at  INTEGER NOT NULL,  -- the transition's instant
    due_at      INTEGER NOT NULL,  -- when it is next looked at
    status      TEXT    NOT NULL,  -- pending, sent, suppressed, holdout, cancelled, failed, dead_lettered
    reason      TEXT    NULL,
    attempts    INTEGER NOT NULL,
    last_error  TEXT    NULL,
    retry_at    INTEGER NULL,     -- after a failed delivery: not before this wall-clock time (UTC ticks)
    sent_at     INTEGER NULL,
    is_message  INTEGER NOT NULL,  -- a webhook message (counted by the cross-campaign cap), not an agent task
    transition  TEXT    NOT NULL,  -- the transition as published (JSON)
    PRIMARY KEY (tenant, campaign_id, customer_id, sequence)
);

CREATE INDEX ix_campaign_entries_due ON campaign_entries (tenant, campaign_id, status, due_at);
CREATE INDEX ix_campaign_entries_customer ON campaign_entries (tenant, customer_id, sent_at);

-- Tasks for the agents, one per entry of a task campaign.
CREATE TABLE agent_tasks (
    tenant      TEXT    NOT NULL,
    task_id     TEXT    NOT NULL,
    campaign_id TEXT    NOT NULL,
    customer_id TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    status      TEXT    NOT NULL,  -- open, claimed, done
    claimed_by  TEXT    NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (tenant, task_id)
);

CREATE INDEX ix_agent_tasks_status ON agent_tasks (tenant, status, created_at);

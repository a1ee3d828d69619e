-- Campaigns of each tenant: the definition as JSON (with its webhook secret), and whether it is paused.
CREATE TABLE campaigns (
    tenant      text    NOT NULL,
    campaign_id text    NOT NULL,
    definition  text    NOT NULL,
    paused      boolean NOT NULL,
    created_at  bigint  NOT NULL,  -- UTC ticks
    updated_at  bigint  NOT NULL,
    PRIMARY KEY (tenant, campaign_id)
);

-- The campaigns' outbox: one row per (campaign, customer, transition sequence), however often the transition is
-- delivered; its status says what became of it. Times are UTC ticks in the tenant's clock.
CREATE TABLE campaign_entries (
    tenant      text    NOT NULL,
    campaign_id text    NOT NULL,
    customer_id text    NOT NULL,
    sequence    bigint  NOT NULL,
    entered_at  bigint  NOT NULL,  -- the transition's instant
    due_at      bigint  NOT NULL,  -- when it is next looked at
    status      text    NOT NULL,  -- pending, sent, suppressed, holdout, cancelled, failed, dead_lettered
    reason      text    NULL,
    attempts    integer NOT NULL,
    last_error  text    NULL,
    retry_at    bigint  NULL,     -- after a failed delivery: not before this wall-clock time (UTC ticks)
    sent_at     bigint  NULL,
    is_message  boolean NOT NULL,  -- a webhook message (counted by the cross-campaign cap), not an agent task
    transition  text    NOT NULL,  -- the transition as published (JSON)
    PRIMARY KEY (tenant, campaign_id, customer_id, sequence)
);

CREATE INDEX ix_campaign_entries_due ON campaign_entries (tenant, campaign_id, status, due_at);
CREATE INDEX ix_campaign_entries_customer ON campaign_entries (tenant, customer_id, sent_at);

-- Tasks for the agents, one per entry of a task campaign.
CREATE TABLE agent_tasks (
    tenant      text    NOT NULL,
    task_id     text    NOT NULL,
    campaign_id text    NOT NULL,
    customer_id text    NOT NULL,
    title       text    NOT NULL,
    reason      text    NOT NULL,
    status      text    NOT NULL,  -- open, claimed, done
    claimed_by  text    NULL,
    created_at  bigint  NOT NULL,
    updated_at  bigint  NOT NULL,
    PRIMARY KEY (tenant, task_id)
);

CREATE INDEX ix_agent_tasks_status ON agent_tasks (tenant, status, created_at);

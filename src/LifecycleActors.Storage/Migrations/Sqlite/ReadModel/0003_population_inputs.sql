-- What the tenant's population facts and prediction model are computed from, per customer.
ALTER TABLE customers ADD COLUMN own_gap_days REAL NULL;          -- mean of the customer's own gaps; NULL with no gap
ALTER TABLE customers ADD COLUMN purchase_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN first_purchase_day INTEGER NULL; -- day number (days since 0001-01-01, UTC)
ALTER TABLE customers ADD COLUMN last_purchase_day INTEGER NULL;
ALTER TABLE customers ADD COLUMN repeat_mean_value REAL NULL;     -- mean net spend of the purchase days after the first

-- The population facts and fitted model per tenant, as last computed (the JSON of the model API).
CREATE TABLE tenant_models (
    tenant    TEXT    PRIMARY KEY,
    fitted_at INTEGER NOT NULL,   -- UTC ticks
    model     TEXT    NOT NULL
);

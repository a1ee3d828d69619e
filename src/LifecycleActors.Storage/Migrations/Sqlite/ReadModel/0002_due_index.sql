-- The scheduler's due list: customers whose next time-driven change is known, by tenant and instant.
-- Customers with nothing pending (next_change_at NULL) are not in the index at all.
CREATE INDEX ix_customers_due ON customers (tenant, next_change_at, customer_id)
WHERE next_change_at IS NOT NULL;

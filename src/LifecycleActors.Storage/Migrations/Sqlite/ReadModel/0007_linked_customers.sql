-- Anonymous ids whose events a customer has merged (ADR 0013): their own rows stay, but listings and stats leave
-- them out, so a visitor and the customer it turned out to be count once. Written by the customer in the same
-- commit as its row that counts the merged events.
CREATE TABLE linked_customers (
    tenant       TEXT NOT NULL,
    anonymous_id TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    PRIMARY KEY (tenant, anonymous_id)
);

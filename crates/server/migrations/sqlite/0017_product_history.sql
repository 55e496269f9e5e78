-- A product's history (R-RENEW-*): every change of state, renewal and failed renewal
-- attempt, written by the scheduler's jobs (scheduler.rs) and by payments.
CREATE TABLE product_events (
    id INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    event TEXT NOT NULL CHECK (event IN ('blocked', 'terminated', 'renewed', 'renewal_failed')),
    detail TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL
);
CREATE INDEX product_events_by_product ON product_events (product_id, id);

-- The state last recorded (the state itself follows from the expiry and the clock), and when
-- auto-renewal last tried to pay (R-RENEW-2: from 14 days before expiry, once a day).
ALTER TABLE products ADD COLUMN recorded_status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE products ADD COLUMN last_renewal_attempt_at INTEGER;

INSERT INTO jobs (name, next_run_at) VALUES ('renew_products', 0), ('record_product_status', 0);

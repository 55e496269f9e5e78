-- Cancelling a product (R-CAN-*): asked by an owner or admin, confirmed through the link
-- mailed to them (only its hash is kept); the product ends when confirmed (cancelled_at).
CREATE TABLE cancellations (
    id INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    requested_by INTEGER NOT NULL REFERENCES users (id),
    key_hash TEXT NOT NULL UNIQUE,
    requested_at INTEGER NOT NULL,
    confirmed_at INTEGER
);
CREATE INDEX cancellations_by_product ON cancellations (product_id);
ALTER TABLE products ADD COLUMN cancelled_at INTEGER;

-- R-PAY-10: pro-formas whose products were terminated unpaid lapse (product_jobs.rs).
INSERT INTO jobs (name, next_run_at) VALUES ('lapse_pro_formas', 0);

-- kCheck (R-KC-*): identity verifications asked of a person, for one of R-KC-1's reasons (an
-- order held for verification names it in order_id). What was sent (document) is kept while
-- the status is 'sent' only: deleted when processed, and by a job 72 hours after it was sent
-- if not (R-KC-2).
CREATE TABLE identity_checks (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    order_id INTEGER REFERENCES orders (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('waiting', 'sent', 'accepted', 'refused', 'deleted')),
    document_type TEXT,
    document_format TEXT,
    document BLOB,
    asked_at INTEGER NOT NULL,
    sent_at INTEGER,
    processed_at INTEGER,
    deleted_at INTEGER
);
CREATE INDEX identity_checks_by_user ON identity_checks (user_id, id);
CREATE INDEX identity_checks_sent ON identity_checks (sent_at) WHERE status = 'sent';

-- R-KC-3: an order held for verification and not released within 10 days is cancelled, and
-- what was paid comes back: the method's part through the provider (charge_reference), the
-- prepaid part to the balance.
ALTER TABLE orders ADD COLUMN cancelled_at INTEGER;
ALTER TABLE orders ADD COLUMN refunded_cents INTEGER;
ALTER TABLE invoices ADD COLUMN charge_reference TEXT;
ALTER TABLE invoices ADD COLUMN refunded_at INTEGER;

INSERT INTO jobs (name, next_run_at) VALUES ('delete_identity_documents', 0);
INSERT INTO jobs (name, next_run_at) VALUES ('cancel_blocked_orders', 0);

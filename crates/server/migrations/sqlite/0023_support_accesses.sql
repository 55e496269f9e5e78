-- Support access (R-SUP-*): what a member lets Support read in one Organization, one kind of
-- content per grant, closing by itself 7 days after it was given (expires_at). `closed_at`
-- records when the scheduler saw it close, once; the status follows from the times.
CREATE TABLE support_accesses (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    scope TEXT NOT NULL CHECK (scope IN ('mail', 'kdrive', 'kchat', 'single_email')),
    -- The items, as a JSON array of ids.
    resource_ids TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER,
    closed_at INTEGER
);
CREATE INDEX support_accesses_by_user ON support_accesses (user_id, account_id);
CREATE INDEX support_accesses_open ON support_accesses (expires_at) WHERE revoked_at IS NULL AND closed_at IS NULL;

INSERT INTO jobs (name, next_run_at) VALUES ('close_support_accesses', 0);

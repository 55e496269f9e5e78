-- R-USER-1, R-USER-2: invitations. The key in the accept link is kept as a SHA-256 hash only.
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    invited_by INTEGER NOT NULL REFERENCES users (id),
    email TEXT NOT NULL COLLATE NOCASE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    locale TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'normal', 'external')),
    has_billing_access INTEGER NOT NULL,
    notify_billing INTEGER NOT NULL,
    notify_technical INTEGER NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    accepted_at INTEGER,
    cancelled_at INTEGER
);
CREATE INDEX invitations_by_account ON invitations (account_id, email);

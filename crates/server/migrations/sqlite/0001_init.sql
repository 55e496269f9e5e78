-- People. The login is the email (R-ACC-1); the password is stored as an argon2id hash only.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    locale TEXT NOT NULL DEFAULT 'en',
    current_account_id INTEGER,
    created_at INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL,
    last_login_at INTEGER
);

-- Organizations (the API calls them accounts). Each bills in one currency.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    legal_entity_type TEXT NOT NULL,
    currency TEXT NOT NULL CHECK (currency IN ('EUR', 'CHF')),
    locale TEXT NOT NULL DEFAULT 'en',
    has_2fa_required INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

-- Who belongs to which Organization, with which role (R-ROLE-*) and billing rights (R-ROLE-5).
CREATE TABLE memberships (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'normal', 'external')),
    has_billing_access INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships (user_id);

-- OAuth grants: one row per access/refresh pair. Only SHA-256 hashes of the tokens are kept:
-- they are 256-bit random values, so a fast hash is enough (argon2 is for guessable secrets).
CREATE TABLE oauth_grants (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    access_hash TEXT NOT NULL UNIQUE,
    refresh_hash TEXT NOT NULL UNIQUE,
    access_expires_at INTEGER NOT NULL,
    refresh_expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

-- Mail and SMS waiting to go out (and kept as a record once sent).
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);

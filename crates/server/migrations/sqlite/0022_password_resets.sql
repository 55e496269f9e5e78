-- Forgotten passwords (R-REC-1): a link mailed to the login email, its key kept as a hash,
-- usable once and for an hour (domain::recovery::reset_link_usable).
CREATE TABLE password_resets (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key_hash TEXT NOT NULL UNIQUE,
    sent_at INTEGER NOT NULL,
    used_at INTEGER
);

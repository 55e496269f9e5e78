-- Push approval (R-2FA-2): a log-in whose password was right waits for a device already
-- signed in to approve it. The log-in holds the challenge's key (stored hashed, like every
-- token); the approving device sees the numeric id only. `domain::twofa::push` decides.
CREATE TABLE push_challenges (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    key_hash TEXT NOT NULL UNIQUE,
    client TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    approved INTEGER,
    answered_at INTEGER,
    answered_by INTEGER,
    used_at INTEGER
);
CREATE INDEX push_challenges_user ON push_challenges (user_id, created_at);

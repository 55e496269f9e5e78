-- Personal API tokens (R-API-4): made by their owner, shown once (only the hash is kept),
-- working within their scopes (a JSON array, domain::api_access::TOKEN_SCOPES) until they
-- expire or are revoked; each has the 60 requests a minute of a script (R-API-2).
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked_at INTEGER,
    last_used_at INTEGER
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- The rate limit of R-API-2 kept in the database, for servers that share one (PostgreSQL,
-- several processes): per key, the GCRA's "theoretical arrival time" in milliseconds. A
-- single SQLite process keeps its limits in memory; the table is here so both schemas match.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    tat_ms INTEGER NOT NULL
);
INSERT INTO jobs (name, next_run_at) VALUES ('forget_rate_limits', 0);

-- Emails are matched without regard to case (`lower(email) = lower($1)`), the same on both
-- databases; these indexes serve those look-ups.
CREATE INDEX users_by_lower_email ON users (lower(email));
CREATE INDEX invitations_by_lower_email ON invitations (account_id, lower(email));

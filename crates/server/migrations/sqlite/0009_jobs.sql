-- Time-driven jobs (scheduler.rs): when each is next due, and who runs it now. A process
-- claims a due job by setting locked_until in the same statement that checks it, so that
-- one process runs it even when several share the database.
CREATE TABLE jobs (
    name TEXT PRIMARY KEY,
    next_run_at INTEGER NOT NULL,
    locked_until INTEGER
);
INSERT INTO jobs (name, next_run_at) VALUES ('expire_invitations', 0), ('send_outbox', 0);

-- When the expiry of an invitation was handled (its inviter told): once per invitation.
ALTER TABLE invitations ADD COLUMN expired_at INTEGER;

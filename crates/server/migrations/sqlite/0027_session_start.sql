-- Active sessions (issue 9): a session is the chain of grants its refresh tokens renew; each
-- grant keeps when the session began, so the list shows a session once, from its log-in.
ALTER TABLE oauth_grants ADD COLUMN signed_in_at INTEGER NOT NULL DEFAULT 0;
UPDATE oauth_grants SET signed_in_at = created_at;

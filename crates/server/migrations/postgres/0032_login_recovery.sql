-- R-REC-3: an account whose login mailbox was deleted (its Mail Service cancelled or ended)
-- is in recovery since recovery_since: it logs in with temporary_login (initials and digits,
-- sent by SMS and to the recovery email) and its unchanged password, and must choose a new
-- login email before anything else. The old login no longer logs in.
ALTER TABLE users ADD COLUMN temporary_login TEXT;
ALTER TABLE users ADD COLUMN recovery_since BIGINT;
CREATE UNIQUE INDEX users_temporary_login ON users (temporary_login) WHERE temporary_login IS NOT NULL;

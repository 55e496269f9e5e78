-- R-2FA-7: the end of a lock to the millisecond. Whole seconds cut a lock short by up to one
-- second (and made "try again in 59 seconds" out of a fresh minute).
ALTER TABLE login_attempts ADD COLUMN locked_until_ms INTEGER;
UPDATE login_attempts SET locked_until_ms = locked_until * 1000 WHERE locked_until IS NOT NULL;
ALTER TABLE login_attempts DROP COLUMN locked_until;

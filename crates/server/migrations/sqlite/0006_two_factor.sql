-- R-2FA-*: the TOTP secret has to be readable to check codes, so it is stored as is (the
-- database file is the secret's only home); backup codes are argon2id hashes, used once.
ALTER TABLE users ADD COLUMN totp_state TEXT NOT NULL DEFAULT 'off' CHECK (totp_state IN ('off', 'enrolling', 'on'));
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;

CREATE TABLE backup_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hash TEXT NOT NULL,
    used_at INTEGER
);
CREATE INDEX backup_codes_by_user ON backup_codes (user_id);

-- R-2FA-7: failed log-ins in a row per login (lower-cased email, known or not: counting
-- unknown ones too means the lock itself reveals nothing about which accounts exist).
CREATE TABLE login_attempts (
    login TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    locked_until INTEGER
);

-- The partner program (R-PART-*): the program an Organization joined, if any, and when.
ALTER TABLE accounts ADD COLUMN partner_program TEXT CHECK (partner_program IN ('partner', 'affiliate'));
ALTER TABLE accounts ADD COLUMN partner_since INTEGER;

-- Abuse reports (R-ABUSE-1): what was reported, by whom if signed in, and when; the four
-- deadlines follow from `received_at` (domain::abuse::deadlines).
CREATE TABLE abuse_reports (
    id INTEGER PRIMARY KEY,
    category TEXT NOT NULL,
    description TEXT NOT NULL,
    reported_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    received_at INTEGER NOT NULL
);

-- The teams an invitation adds its person to on acceptance (the official body's `teams`),
-- as a JSON list of team ids; a team deleted meanwhile is skipped.
ALTER TABLE invitations ADD COLUMN team_ids TEXT NOT NULL DEFAULT '[]';

-- R-ROLE-8: the administrative mail each member receives, per Organization.
ALTER TABLE memberships ADD COLUMN notify_billing INTEGER NOT NULL DEFAULT 1;
ALTER TABLE memberships ADD COLUMN notify_technical INTEGER NOT NULL DEFAULT 1;
ALTER TABLE memberships ADD COLUMN notify_administrative INTEGER NOT NULL DEFAULT 1;

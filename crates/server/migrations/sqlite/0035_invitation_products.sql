-- R-ROLE-4 from the invitation: the products a collaborator or an external is given on
-- accepting (a JSON array of ids; those gone meanwhile are skipped).
ALTER TABLE invitations ADD COLUMN product_ids TEXT NOT NULL DEFAULT '[]';

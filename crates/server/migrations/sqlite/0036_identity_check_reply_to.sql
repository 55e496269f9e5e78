-- R-REC-1, R-KC-1: a forgotten password asked by someone who can no longer read their login
-- email names an address they read now; the staff's answer (and, once the identity is
-- confirmed, the link that sets a new password) goes there.
ALTER TABLE identity_checks ADD COLUMN reply_to TEXT;

-- Whom a token serves (domain::api_access::ClientKind), decided when it is issued: the
-- console's own sessions have a limit sized for a person, every other token keeps R-API-2's.
ALTER TABLE oauth_grants ADD COLUMN client TEXT NOT NULL DEFAULT 'script' CHECK (client IN ('console', 'script'));

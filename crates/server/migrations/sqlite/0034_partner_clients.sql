-- R-PART-3: a client Organization lets a partner Organization manage all of its account
-- (billing included) or only chosen products (product_ids, a JSON array); the partner
-- chooses which of its own members act for that client (partner_delegation_users).
CREATE TABLE partner_delegations (
    id INTEGER PRIMARY KEY,
    client_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    partner_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    scope TEXT NOT NULL CHECK (scope IN ('whole_account', 'products')),
    product_ids TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE UNIQUE INDEX partner_delegations_live ON partner_delegations (client_account_id, partner_account_id)
    WHERE revoked_at IS NULL;
CREATE INDEX partner_delegations_by_partner ON partner_delegations (partner_account_id);

CREATE TABLE partner_delegation_users (
    delegation_id INTEGER NOT NULL REFERENCES partner_delegations (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (delegation_id, user_id)
);
CREATE INDEX partner_delegation_users_by_user ON partner_delegation_users (user_id);

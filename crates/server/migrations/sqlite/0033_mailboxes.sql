-- The mailboxes of a Mail Service (an `email_hosting` product), each with its own password
-- (R-ID-1: not the login's), and the accounts that use one in webmail (mailbox_users, the
-- official /2/profile/mailboxes). unified_user_id: the account whose login password
-- this mailbox shares since they were unified (R-ID-2); changing either changes both.
CREATE TABLE mailboxes (
    id INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    unified_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX mailboxes_by_address ON mailboxes (lower(address));
CREATE INDEX mailboxes_by_product ON mailboxes (product_id);

CREATE TABLE mailbox_users (
    mailbox_id INTEGER NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    is_primary INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (mailbox_id, user_id)
);
CREATE INDEX mailbox_users_by_user ON mailbox_users (user_id);

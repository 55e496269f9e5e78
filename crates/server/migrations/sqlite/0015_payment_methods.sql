-- The ways an Organization pays (R-PAY-1), saved. A card is kept as the payment provider's
-- token with its brand and last four digits: never its number, never its CVC.
CREATE TABLE payment_methods (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('card', 'postfinance', 'iban', 'paypal', 'twint')),
    brand TEXT,
    last4 TEXT,
    label TEXT NOT NULL,
    provider_token TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    deleted_at INTEGER
);
CREATE INDEX payment_methods_by_account ON payment_methods (account_id);

-- Invoices (R-PAY-7, R-PAY-8), one per payment, with their lines; a pro-forma for a bank
-- transfer (R-PAY-3). Amounts in cents of the invoice's currency; the split between the prepaid
-- balance and the other method (R-PAY-4) is kept with it.
CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    number TEXT NOT NULL UNIQUE,
    purpose TEXT NOT NULL CHECK (purpose IN ('order', 'renewal', 'top_up')),
    currency TEXT NOT NULL CHECK (currency IN ('EUR', 'CHF')),
    total_cents INTEGER NOT NULL CHECK (total_cents > 0),
    from_prepaid_cents INTEGER NOT NULL,
    from_method_cents INTEGER NOT NULL,
    method TEXT,
    payment_method_id INTEGER,
    status TEXT NOT NULL CHECK (status IN ('paid', 'pending', 'lapsed')),
    is_pro_forma INTEGER NOT NULL DEFAULT 0,
    missing_cents INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    paid_at INTEGER
);
CREATE INDEX invoices_by_account ON invoices (account_id, id);

CREATE TABLE invoice_lines (
    invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    product_id INTEGER,
    description TEXT NOT NULL,
    period_months INTEGER NOT NULL,
    price_cents INTEGER NOT NULL,
    PRIMARY KEY (invoice_id, position)
);

-- The prepaid account's ledger (R-PAY-4..6): every movement, in cents (positive in, negative
-- out); the balance is their sum, never below zero (checked in the transaction that writes).
CREATE TABLE prepaid_movements (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    cents INTEGER NOT NULL CHECK (cents <> 0),
    kind TEXT NOT NULL CHECK (kind IN ('top_up', 'payment', 'returned', 'surplus')),
    invoice_id INTEGER REFERENCES invoices (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX prepaid_movements_by_account ON prepaid_movements (account_id, id);

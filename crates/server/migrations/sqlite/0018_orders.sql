-- Orders (R-PAY-9): what was bought from the catalog, paid at once or later; paying creates
-- the products. Prices are those of the catalog when the order was made.
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'blocked', 'cancelled')),
    currency TEXT NOT NULL CHECK (currency IN ('EUR', 'CHF')),
    total_cents INTEGER NOT NULL CHECK (total_cents > 0),
    invoice_id INTEGER REFERENCES invoices (id),
    created_at INTEGER NOT NULL,
    paid_at INTEGER,
    blocked_at INTEGER
);
CREATE INDEX orders_by_account ON orders (account_id, id);

CREATE TABLE order_items (
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    service_name TEXT NOT NULL REFERENCES catalog (service_name),
    customer_name TEXT NOT NULL,
    period_months INTEGER NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents > 0),
    product_id INTEGER REFERENCES products (id),
    PRIMARY KEY (order_id, position)
);

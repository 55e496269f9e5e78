-- What can be bought (GET /1/catalog): the product types, each with the periods it can be paid
-- for (R-RENEW-9: the periods are domain::renewal::RENEWAL_PERIODS, checked by a test) and a
-- price per period and currency, in cents. The service ids are ours.
CREATE TABLE catalog (
    service_name TEXT PRIMARY KEY,
    service_id INTEGER NOT NULL,
    name TEXT NOT NULL
);
CREATE TABLE catalog_prices (
    service_name TEXT NOT NULL REFERENCES catalog (service_name),
    months INTEGER NOT NULL,
    currency TEXT NOT NULL CHECK (currency IN ('EUR', 'CHF')),
    cents INTEGER NOT NULL CHECK (cents > 0),
    PRIMARY KEY (service_name, months, currency)
);
INSERT INTO catalog (service_name, service_id, name) VALUES
    ('domain', 1, 'Domain name'),
    ('hosting', 2, 'Hosting'),
    ('web_hosting', 3, 'Web hosting'),
    ('certificate', 4, 'SSL certificate'),
    ('drive', 5, 'kDrive'),
    ('email_hosting', 6, 'Email hosting'),
    ('ksuite', 7, 'kSuite'),
    ('swiss_backup', 8, 'Swiss Backup'),
    ('website_builder', 9, 'Website builder');
INSERT INTO catalog_prices (service_name, months, currency, cents) VALUES
    ('domain', 12, 'CHF', 1300),
    ('domain', 12, 'EUR', 1350),
    ('domain', 24, 'CHF', 2600),
    ('domain', 24, 'EUR', 2700),
    ('domain', 36, 'CHF', 3900),
    ('domain', 36, 'EUR', 4050),
    ('domain', 48, 'CHF', 5200),
    ('domain', 48, 'EUR', 5400),
    ('domain', 60, 'CHF', 6500),
    ('domain', 60, 'EUR', 6750),
    ('domain', 72, 'CHF', 7800),
    ('domain', 72, 'EUR', 8100),
    ('domain', 84, 'CHF', 9100),
    ('domain', 84, 'EUR', 9450),
    ('domain', 96, 'CHF', 10400),
    ('domain', 96, 'EUR', 10800),
    ('domain', 108, 'CHF', 11700),
    ('domain', 108, 'EUR', 12150),
    ('domain', 120, 'CHF', 13000),
    ('domain', 120, 'EUR', 13500),
    ('hosting', 1, 'CHF', 1100),
    ('hosting', 1, 'EUR', 1150),
    ('hosting', 12, 'CHF', 12000),
    ('hosting', 12, 'EUR', 12500),
    ('hosting', 24, 'CHF', 24000),
    ('hosting', 24, 'EUR', 25000),
    ('hosting', 36, 'CHF', 36000),
    ('hosting', 36, 'EUR', 37500),
    ('web_hosting', 1, 'CHF', 600),
    ('web_hosting', 1, 'EUR', 620),
    ('web_hosting', 12, 'CHF', 6600),
    ('web_hosting', 12, 'EUR', 6900),
    ('web_hosting', 24, 'CHF', 13200),
    ('web_hosting', 24, 'EUR', 13800),
    ('web_hosting', 36, 'CHF', 19800),
    ('web_hosting', 36, 'EUR', 20700),
    ('certificate', 12, 'CHF', 4900),
    ('certificate', 12, 'EUR', 5100),
    ('certificate', 24, 'CHF', 9800),
    ('certificate', 24, 'EUR', 10200),
    ('drive', 1, 'CHF', 500),
    ('drive', 1, 'EUR', 525),
    ('drive', 12, 'CHF', 5500),
    ('drive', 12, 'EUR', 5775),
    ('email_hosting', 1, 'CHF', 150),
    ('email_hosting', 1, 'EUR', 160),
    ('email_hosting', 12, 'CHF', 1650),
    ('email_hosting', 12, 'EUR', 1760),
    ('ksuite', 1, 'CHF', 250),
    ('ksuite', 1, 'EUR', 265),
    ('ksuite', 12, 'CHF', 2750),
    ('ksuite', 12, 'EUR', 2915),
    ('swiss_backup', 1, 'CHF', 200),
    ('swiss_backup', 1, 'EUR', 210),
    ('swiss_backup', 12, 'CHF', 2200),
    ('swiss_backup', 12, 'EUR', 2310),
    ('website_builder', 12, 'CHF', 6000),
    ('website_builder', 12, 'EUR', 6300),
    ('website_builder', 24, 'CHF', 12000),
    ('website_builder', 24, 'EUR', 12600);

-- What an Organization owns. Its status (active, blocked, terminated) follows from its expiry
-- and the clock (domain::lifecycle), so it is not stored.
CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    service_name TEXT NOT NULL REFERENCES catalog (service_name),
    customer_name TEXT NOT NULL,
    internal_name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expired_at INTEGER NOT NULL,
    auto_renewal INTEGER NOT NULL DEFAULT 0,
    payment_method_id INTEGER,
    deleted_at INTEGER
);
CREATE INDEX products_by_account ON products (account_id, expired_at, id);

-- R-ROLE-4: products given to a collaborator or an external directly (teams come later).
CREATE TABLE product_grants (
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (product_id, user_id)
);
CREATE INDEX product_grants_by_user ON product_grants (user_id);

-- How many renewable products (neither deleted nor cancelled) each Organization has expiring
-- on each day (UTC, `expired_at / 86400`), kept by triggers on every write of `products`,
-- whoever writes. The renewals' count over two months adds up about 60 days here and counts
-- only the two partial days at its ends, instead of walking 7,500 index entries per page
-- (BENCHMARKS.md, load).
CREATE TABLE renewable_by_day (
    account_id INTEGER NOT NULL,
    day INTEGER NOT NULL,
    products INTEGER NOT NULL,
    PRIMARY KEY (account_id, day)
) WITHOUT ROWID;
INSERT INTO renewable_by_day (account_id, day, products)
    SELECT account_id, expired_at / 86400, COUNT(*) FROM products
    WHERE deleted_at IS NULL AND cancelled_at IS NULL GROUP BY account_id, expired_at / 86400;

CREATE TRIGGER renewable_counted_in AFTER INSERT ON products
    WHEN NEW.deleted_at IS NULL AND NEW.cancelled_at IS NULL
BEGIN
    INSERT INTO renewable_by_day (account_id, day, products) VALUES (NEW.account_id, NEW.expired_at / 86400, 1)
        ON CONFLICT (account_id, day) DO UPDATE SET products = products + 1;
END;

CREATE TRIGGER renewable_counted_out AFTER DELETE ON products
    WHEN OLD.deleted_at IS NULL AND OLD.cancelled_at IS NULL
BEGIN
    UPDATE renewable_by_day SET products = products - 1 WHERE account_id = OLD.account_id AND day = OLD.expired_at / 86400;
END;

CREATE TRIGGER renewable_recounted AFTER UPDATE OF account_id, expired_at, deleted_at, cancelled_at ON products
BEGIN
    UPDATE renewable_by_day SET products = products - 1
        WHERE account_id = OLD.account_id AND day = OLD.expired_at / 86400
        AND OLD.deleted_at IS NULL AND OLD.cancelled_at IS NULL;
    INSERT INTO renewable_by_day (account_id, day, products)
        SELECT NEW.account_id, NEW.expired_at / 86400, 1 WHERE NEW.deleted_at IS NULL AND NEW.cancelled_at IS NULL
        ON CONFLICT (account_id, day) DO UPDATE SET products = products + 1;
END;

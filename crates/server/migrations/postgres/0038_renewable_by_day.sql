-- How many renewable products (neither deleted nor cancelled) each Organization has expiring
-- on each day (UTC, `expired_at / 86400`), kept by triggers on every write of `products`,
-- whoever writes. The renewals' count over two months adds up about 60 days here and counts
-- only the two partial days at its ends, instead of walking 7,500 index entries per page
-- (BENCHMARKS.md, load). One statement per write of `products`, as for `live_products`.
CREATE TABLE renewable_by_day (
    account_id BIGINT NOT NULL,
    day BIGINT NOT NULL,
    products BIGINT NOT NULL,
    PRIMARY KEY (account_id, day)
);
INSERT INTO renewable_by_day (account_id, day, products)
    SELECT account_id, expired_at / 86400, COUNT(*) FROM products
    WHERE deleted_at IS NULL AND cancelled_at IS NULL GROUP BY account_id, expired_at / 86400;

-- Adds, per Organization and day, the renewable rows of `added` and takes away those of
-- `removed`.
CREATE FUNCTION recount_renewable_by_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO renewable_by_day (account_id, day, products)
            SELECT account_id, expired_at / 86400, COUNT(*) FROM added
            WHERE deleted_at IS NULL AND cancelled_at IS NULL GROUP BY account_id, expired_at / 86400
            ON CONFLICT (account_id, day) DO UPDATE SET products = renewable_by_day.products + excluded.products;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE renewable_by_day r SET products = r.products - n.products
        FROM (
            SELECT account_id, expired_at / 86400 AS day, COUNT(*) AS products FROM removed
            WHERE deleted_at IS NULL AND cancelled_at IS NULL GROUP BY account_id, expired_at / 86400
        ) n
        WHERE r.account_id = n.account_id AND r.day = n.day;
    ELSE
        INSERT INTO renewable_by_day (account_id, day, products)
            SELECT account_id, day, SUM(products) FROM (
                SELECT account_id, expired_at / 86400 AS day, 1 AS products FROM added
                WHERE deleted_at IS NULL AND cancelled_at IS NULL
                UNION ALL
                SELECT account_id, expired_at / 86400, -1 FROM removed
                WHERE deleted_at IS NULL AND cancelled_at IS NULL
            ) moves GROUP BY account_id, day HAVING SUM(products) <> 0
            ON CONFLICT (account_id, day) DO UPDATE SET products = renewable_by_day.products + excluded.products;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER renewable_counted_in AFTER INSERT ON products
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION recount_renewable_by_day();
CREATE TRIGGER renewable_counted_out AFTER DELETE ON products
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION recount_renewable_by_day();
CREATE TRIGGER renewable_recounted AFTER UPDATE ON products
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION recount_renewable_by_day();

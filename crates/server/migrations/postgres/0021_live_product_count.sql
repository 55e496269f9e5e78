-- How many live products (deleted_at NULL) each Organization has, kept by triggers on every
-- write of `products`, whoever writes: a page of products without filters reads it instead of
-- counting 100,000 rows per request (BENCHMARKS.md, load). One update of the Organization per
-- statement, not per row: the same row updated 100,000 times in one transaction (a seed)
-- leaves a chain of versions each update walks.
ALTER TABLE accounts ADD COLUMN live_products BIGINT NOT NULL DEFAULT 0;
UPDATE accounts SET live_products =
    (SELECT COUNT(*) FROM products p WHERE p.account_id = accounts.id AND p.deleted_at IS NULL);

-- Adds, per Organization, the live rows of `added` and takes away those of `removed`.
CREATE FUNCTION recount_live_products() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE accounts a SET live_products = a.live_products + n.live
        FROM (SELECT account_id, COUNT(*) AS live FROM added WHERE deleted_at IS NULL GROUP BY account_id) n
        WHERE a.id = n.account_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE accounts a SET live_products = a.live_products - n.live
        FROM (SELECT account_id, COUNT(*) AS live FROM removed WHERE deleted_at IS NULL GROUP BY account_id) n
        WHERE a.id = n.account_id;
    ELSE
        UPDATE accounts a SET live_products = a.live_products + n.live
        FROM (
            SELECT account_id, SUM(live) AS live FROM (
                SELECT account_id, 1 AS live FROM added WHERE deleted_at IS NULL
                UNION ALL
                SELECT account_id, -1 AS live FROM removed WHERE deleted_at IS NULL
            ) moves GROUP BY account_id
        ) n
        WHERE a.id = n.account_id AND n.live <> 0;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER products_counted_in AFTER INSERT ON products
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION recount_live_products();
CREATE TRIGGER products_counted_out AFTER DELETE ON products
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION recount_live_products();
CREATE TRIGGER products_recounted AFTER UPDATE ON products
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION recount_live_products();

-- What can be renewed (neither deleted nor cancelled) by expiry: the renewals' pages and their
-- count read this index alone, without visiting 7,500 rows to check `cancelled_at`.
CREATE INDEX products_renewable ON products (account_id, expired_at, id) WHERE deleted_at IS NULL AND cancelled_at IS NULL;

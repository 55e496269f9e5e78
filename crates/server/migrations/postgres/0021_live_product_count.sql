-- How many live products (deleted_at NULL) each Organization has, kept by a trigger on every
-- write of `products`, whoever writes: a page of products without filters reads it instead of
-- counting 100,000 rows per request (BENCHMARKS.md, load).
ALTER TABLE accounts ADD COLUMN live_products BIGINT NOT NULL DEFAULT 0;
UPDATE accounts SET live_products =
    (SELECT COUNT(*) FROM products p WHERE p.account_id = accounts.id AND p.deleted_at IS NULL);

CREATE FUNCTION count_live_products() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.deleted_at IS NULL THEN
        UPDATE accounts SET live_products = live_products - 1 WHERE id = OLD.account_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.deleted_at IS NULL THEN
        UPDATE accounts SET live_products = live_products + 1 WHERE id = NEW.account_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER products_counted AFTER INSERT OR DELETE OR UPDATE OF deleted_at, account_id ON products
    FOR EACH ROW EXECUTE FUNCTION count_live_products();

-- An Organization's products by expiry, the live ones (deleted_at NULL) first in the key: a
-- page walks this index, and a count reads it alone (100,000 products: BENCHMARKS.md, load).
DROP INDEX products_by_account;
CREATE INDEX products_by_account_live ON products (account_id, deleted_at, expired_at, id);

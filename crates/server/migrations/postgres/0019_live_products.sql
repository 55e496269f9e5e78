-- An Organization's live products (deleted_at NULL) by expiry: a page walks this index, and a
-- count reads it alone once autovacuum has marked the pages (100,000 products: BENCHMARKS.md,
-- load). SQLite has the same columns in one plain index instead: it reads the table for a
-- partial index's condition, which made its count twice as slow.
DROP INDEX products_by_account;
CREATE INDEX products_live_by_expiry ON products (account_id, expired_at, id) WHERE deleted_at IS NULL;

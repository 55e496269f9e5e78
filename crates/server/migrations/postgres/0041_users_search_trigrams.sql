-- A search of members looks for a piece of a name or an email anywhere in `search_text`
-- (`LIKE '%piece%'`), which no B-tree index serves: every member was read for each search
-- (BENCHMARKS.md, load). A trigram index (`pg_trgm`, a trusted extension: the database's
-- owner may create it) finds the users whose text holds the piece. SQLite has FTS5's
-- `trigram` tokenizer in a table named `users_search`; the view below has its name and
-- columns, so that the search reads the same on both.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX users_search_trigrams ON users USING gin (search_text gin_trgm_ops);
CREATE VIEW users_search AS SELECT id AS rowid, search_text FROM users;

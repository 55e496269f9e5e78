-- A search of members looks for a piece of a name or an email anywhere in `search_text`
-- (`LIKE '%piece%'`), which no B-tree index serves: every member was read for each search
-- (BENCHMARKS.md, load). A trigram index finds the users whose text holds the piece. On
-- SQLite it is FTS5's `trigram` tokenizer over `users` (no copy of the text), kept by
-- triggers whoever writes; PostgreSQL has `pg_trgm` and a view of the same name and columns,
-- so that the search reads the same on both.
CREATE VIRTUAL TABLE users_search USING fts5(search_text, content = 'users', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO users_search (users_search) VALUES ('rebuild');

CREATE TRIGGER users_search_in AFTER INSERT ON users BEGIN
    INSERT INTO users_search (rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;
CREATE TRIGGER users_search_out AFTER DELETE ON users BEGIN
    INSERT INTO users_search (users_search, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
END;
CREATE TRIGGER users_search_changed AFTER UPDATE OF search_text ON users BEGIN
    INSERT INTO users_search (users_search, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text);
    INSERT INTO users_search (rowid, search_text) VALUES (NEW.id, NEW.search_text);
END;

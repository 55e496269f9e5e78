-- What a search of an Organization's users looks in: first name, last name and email,
-- lower-cased, in one column written with the user (db::search_text). One LIKE on it costs a
-- fifth of three lower(...) LIKE on the columns (a search among 10,000 members: BENCHMARKS.md).
ALTER TABLE users ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE users SET search_text = lower(first_name || ' ' || last_name || ' ' || email);

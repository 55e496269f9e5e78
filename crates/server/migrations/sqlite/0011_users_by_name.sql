-- An Organization's users are listed by name, a page at a time (members.rs): with this index
-- the database can walk the users in order and stop after the page instead of sorting all.
CREATE INDEX users_by_name ON users (last_name, first_name, id);

-- A page of an Organization's members in the default order (last name, first name) is read
-- along an index instead of sorting every member for every page (BENCHMARKS.md, load). The
-- names are copied to each membership, and kept true by triggers whoever writes.
ALTER TABLE memberships ADD COLUMN last_name TEXT NOT NULL DEFAULT '',
    ADD COLUMN first_name TEXT NOT NULL DEFAULT '';
UPDATE memberships m SET last_name = u.last_name, first_name = u.first_name FROM users u WHERE u.id = m.user_id;
CREATE INDEX memberships_by_name ON memberships (account_id, last_name, first_name, user_id);

CREATE FUNCTION membership_takes_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT u.last_name, u.first_name INTO NEW.last_name, NEW.first_name FROM users u WHERE u.id = NEW.user_id;
    RETURN NEW;
END $$;
CREATE TRIGGER memberships_named BEFORE INSERT ON memberships
    FOR EACH ROW EXECUTE FUNCTION membership_takes_names();

CREATE FUNCTION names_to_memberships() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE memberships SET last_name = NEW.last_name, first_name = NEW.first_name WHERE user_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER users_renamed AFTER UPDATE OF first_name, last_name ON users
    FOR EACH ROW WHEN (OLD.first_name IS DISTINCT FROM NEW.first_name OR OLD.last_name IS DISTINCT FROM NEW.last_name)
    EXECUTE FUNCTION names_to_memberships();

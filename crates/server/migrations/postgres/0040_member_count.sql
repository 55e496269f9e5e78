-- How many members each Organization has, kept by triggers on every write of `memberships`,
-- whoever writes: a page of members and an Organization read it instead of counting 10,000
-- index entries per request (BENCHMARKS.md, load). One update of the Organization per
-- statement, as in 0021.
ALTER TABLE accounts ADD COLUMN member_count BIGINT NOT NULL DEFAULT 0;
UPDATE accounts SET member_count = (SELECT COUNT(*) FROM memberships m WHERE m.account_id = accounts.id);

CREATE FUNCTION recount_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE accounts a SET member_count = a.member_count + n.members
        FROM (SELECT account_id, COUNT(*) AS members FROM added GROUP BY account_id) n
        WHERE a.id = n.account_id;
    ELSE
        UPDATE accounts a SET member_count = a.member_count - n.members
        FROM (SELECT account_id, COUNT(*) AS members FROM removed GROUP BY account_id) n
        WHERE a.id = n.account_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER memberships_counted_in AFTER INSERT ON memberships
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION recount_members();
CREATE TRIGGER memberships_counted_out AFTER DELETE ON memberships
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION recount_members();

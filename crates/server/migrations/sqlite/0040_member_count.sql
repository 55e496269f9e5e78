-- How many members each Organization has, kept by triggers on every write of `memberships`,
-- whoever writes: a page of members and an Organization read it instead of counting 10,000
-- index entries per request (BENCHMARKS.md, load).
ALTER TABLE accounts ADD COLUMN member_count INTEGER NOT NULL DEFAULT 0;
UPDATE accounts SET member_count = (SELECT COUNT(*) FROM memberships m WHERE m.account_id = accounts.id);

CREATE TRIGGER memberships_counted_in AFTER INSERT ON memberships BEGIN
    UPDATE accounts SET member_count = member_count + 1 WHERE id = NEW.account_id;
END;
CREATE TRIGGER memberships_counted_out AFTER DELETE ON memberships BEGIN
    UPDATE accounts SET member_count = member_count - 1 WHERE id = OLD.account_id;
END;

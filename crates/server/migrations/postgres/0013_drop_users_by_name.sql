-- 0011's index: neither database used it for a page of an Organization's members (they
-- start from the memberships and sort; BENCHMARKS.md, load), so it only slowed writes.
DROP INDEX users_by_name;

-- A forgotten login (R-REC-2) is found from the account's mobile number and sent by SMS or to
-- its recovery email: the profile keeps both, as the official `reminder_phone` and
-- `reminder_email` of `PATCH /2/profile`.
ALTER TABLE users ADD COLUMN reminder_phone TEXT;
ALTER TABLE users ADD COLUMN reminder_email TEXT;
CREATE INDEX users_reminder_phone ON users (reminder_phone);

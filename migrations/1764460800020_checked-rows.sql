-- A start checks every row it loads with the schemas that read them back, unless every row is known to have
-- been written by the bot with these same schemas (it checks each change before writing it). Writes by
-- anything else (psql, another tool, a bot whose schemas differ) are counted here by triggers, so that the
-- next start checks every row again. See docs/store.md ("Checked rows").

-- Up Migration

CREATE TABLE store_checks (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  -- The fingerprint of the schemas (snapshot-format.ts) whose writes need no second check.
  fingerprint text,
  -- Statements that changed rows without saying they were checked with `fingerprint`.
  unchecked bigint NOT NULL DEFAULT 0,
  -- `unchecked` as it was in the snapshot whose every row was last checked with `fingerprint`; NULL: never.
  checked_at bigint
);
INSERT INTO store_checks DEFAULT VALUES;

-- The bot's transactions say `SET LOCAL portal.checked_with = '<fingerprint>'`; any other write is counted.
CREATE FUNCTION store_count_unchecked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE store_checks SET unchecked = unchecked + 1
  WHERE fingerprint IS DISTINCT FROM nullif(current_setting('portal.checked_with', true), '');
  RETURN NULL;
END
$$;

CREATE TRIGGER companies_checked AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON companies
  FOR EACH STATEMENT EXECUTE FUNCTION store_count_unchecked();
CREATE TRIGGER entities_checked AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON entities
  FOR EACH STATEMENT EXECUTE FUNCTION store_count_unchecked();
CREATE TRIGGER outbox_checked AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON outbox
  FOR EACH STATEMENT EXECUTE FUNCTION store_count_unchecked();
CREATE TRIGGER conversations_checked AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON conversations
  FOR EACH STATEMENT EXECUTE FUNCTION store_count_unchecked();
CREATE TRIGGER request_keys_checked AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON request_keys
  FOR EACH STATEMENT EXECUTE FUNCTION store_count_unchecked();

-- Down Migration

DROP TRIGGER request_keys_checked ON request_keys;
DROP TRIGGER conversations_checked ON conversations;
DROP TRIGGER outbox_checked ON outbox;
DROP TRIGGER entities_checked ON entities;
DROP TRIGGER companies_checked ON companies;
DROP FUNCTION store_count_unchecked();
DROP TABLE store_checks;

-- The PostgreSQL store (docs/store.md): a row per entity, so a write is as big as its change; the audit log
-- append-only with its hash chain. Documents are `json`, not `jsonb`: they come back exactly as written
-- (jsonb refuses \u0000, which a valid string may hold), and the store never queries inside them.

-- Up Migration

-- Facts about the store itself: when it was created, and from what (the demo seed, a JSON store).
CREATE TABLE store_meta (
  key text PRIMARY KEY,
  value json NOT NULL
);

-- Order of entities within their collection: new rows take the next value, updated rows keep theirs.
CREATE SEQUENCE store_pos AS bigint;

-- A company's own fields (no collections); `version` moves with every committed change that touches the
-- company (its fields, collections, outbox items or conversations): replicas compare it under FOR UPDATE.
CREATE TABLE companies (
  id text PRIMARY KEY,
  version bigint NOT NULL CHECK (version > 0),
  pos bigint NOT NULL DEFAULT nextval('store_pos'),
  doc json NOT NULL
);

-- A company's members, contacts, cases, requests, grants and subscriptions, keyed as src/store/changes.ts keys them.
CREATE TABLE entities (
  company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('subscriptions', 'members', 'contacts', 'cases', 'requests', 'grants')),
  key text NOT NULL,
  pos bigint NOT NULL DEFAULT nextval('store_pos'),
  doc json NOT NULL,
  PRIMARY KEY (company_id, kind, key)
);
CREATE INDEX entities_in_order ON entities (company_id, kind, pos);

-- Messages to deliver; status and due time as columns for operators' queries.
CREATE TABLE outbox (
  id text PRIMARY KEY,
  company_id text NOT NULL,
  pos bigint NOT NULL DEFAULT nextval('store_pos'),
  status text NOT NULL,
  next_attempt_at text COLLATE "C" NOT NULL,
  doc json NOT NULL
);
CREATE INDEX outbox_by_company ON outbox (company_id, pos);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status IN ('pending', 'sending');

-- Where the bot can write later (Teams), keyed as src/domain/indexes.ts keys them.
CREATE TABLE conversations (
  key text PRIMARY KEY,
  company_id text NOT NULL,
  pos bigint NOT NULL DEFAULT nextval('store_pos'),
  doc json NOT NULL
);
CREATE INDEX conversations_by_company ON conversations (company_id, pos);

-- Platform request keys already handled: the unique key is what stops two replicas handling one retry twice.
-- `until` is the value as written (an ISO instant); `expires_at` the same instant, for pruning by time.
CREATE TABLE request_keys (
  key text PRIMARY KEY,
  until text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX request_keys_by_expiry ON request_keys (expires_at);

-- The audit log: one hash chain per company (src/domain/audit.ts); `doc` is the event as hashed.
CREATE TABLE audit_events (
  company_id text NOT NULL,
  seq integer NOT NULL CHECK (seq > 0),
  at text COLLATE "C" NOT NULL,
  actor text NOT NULL,
  target text NOT NULL,
  infra text,
  action text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  doc json NOT NULL,
  PRIMARY KEY (company_id, seq)
);
CREATE INDEX audit_events_by_target ON audit_events (company_id, target, seq);
CREATE INDEX audit_events_by_actor ON audit_events (company_id, actor, seq);
CREATE INDEX audit_events_by_infra ON audit_events (company_id, infra, seq);
CREATE INDEX audit_events_by_time ON audit_events (company_id, at);

-- Append-only: an event, once written, is never changed or removed (a superuser can still disable this).
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_events_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

-- Down Migration

DROP TABLE audit_events;
DROP FUNCTION audit_events_refuse_change();
DROP TABLE request_keys;
DROP TABLE conversations;
DROP TABLE outbox;
DROP TABLE entities;
DROP TABLE companies;
DROP SEQUENCE store_pos;
DROP TABLE store_meta;

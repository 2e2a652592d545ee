// Writing one (squashed) change set as row upserts and deletes, a few statements per table whatever its
// size: each statement takes its rows as one JSON parameter. The caller holds the companies' row locks.
import type pg from 'pg';
import type { AuditEvent, Company } from '../../domain/schemas.ts';
import {
  type ChangeSet,
  COMPANY_COLLECTIONS,
  type CompanyCollection,
  companyCollectionIndex,
  companyFields,
  entityKey,
  type Keyed,
} from '../changes.ts';

type EntityRow = { c: string; k: CompanyCollection; key: string; doc: unknown };

/** What the writers need of a connection: statements whose results they do not read. */
export type Statements = { query(text: string, params?: unknown[]): Promise<unknown> };

/**
 * Statements sent one after another without waiting for each answer: the server runs them in order, and
 * with the pool's pipeline mode they share one round trip. `done` waits for every answer; the first
 * failure rejects it (and the transaction is then aborted, so nothing after it took effect).
 */
export function batched(client: pg.ClientBase): { statements: Statements; done: () => Promise<unknown> } {
  const sent: Array<Promise<unknown>> = [];
  return {
    statements: {
      query(text, params) {
        const answer = client.query(text, params);
        // Waited for in `done`; this branch only keeps an early failure from counting as unhandled.
        answer.catch(() => undefined);
        sent.push(answer);
        return Promise.resolve();
      },
    },
    done: () => Promise.all(sent),
  };
}

const json = (rows: readonly unknown[]) => JSON.stringify(rows);

const keyOf = (coll: CompanyCollection) => companyCollectionIndex[coll].spec.key as (x: unknown) => string;

function entityRows(c: Company): EntityRow[] {
  return COMPANY_COLLECTIONS.flatMap((k) =>
    (c[k] as readonly unknown[]).map((doc) => ({ c: c.id, k, key: keyOf(k)(doc), doc })),
  );
}

/** Rows to delete, collections to empty, and rows to upsert in order (new ones take the next positions). */
class EntityWrites {
  readonly del: Array<{ c: string; k: string; key: string }> = [];
  readonly clear: Array<{ c: string; k: string }> = [];
  readonly put: EntityRow[] = [];

  add(companyId: string, coll: CompanyCollection, change: Keyed<unknown>) {
    if ('replace' in change) {
      this.clear.push({ c: companyId, k: coll });
      for (const doc of change.replace) this.put.push({ c: companyId, k: coll, key: keyOf(coll)(doc), doc });
      return;
    }
    for (const key of change.del) this.del.push({ c: companyId, k: coll, key });
    for (const doc of change.put) this.put.push({ c: companyId, k: coll, key: keyOf(coll)(doc), doc });
  }

  async write(client: Statements) {
    if (this.clear.length)
      await client.query(
        `DELETE FROM entities e USING json_to_recordset($1::json) AS r(c text, k text)
          WHERE e.company_id = r.c AND e.kind = r.k`,
        [json(this.clear)],
      );
    if (this.del.length)
      await client.query(
        `DELETE FROM entities e USING json_to_recordset($1::json) AS r(c text, k text, key text)
          WHERE e.company_id = r.c AND e.kind = r.k AND e.key = r.key`,
        [json(this.del)],
      );
    if (this.put.length)
      await client.query(
        `INSERT INTO entities (company_id, kind, key, doc)
           SELECT r.c, r.k, r.key, r.doc FROM json_to_recordset($1::json) AS r(c text, k text, key text, doc json)
         ON CONFLICT (company_id, kind, key) DO UPDATE SET doc = EXCLUDED.doc`,
        [json(this.put)],
      );
  }
}

/** A global collection (outbox, conversations): its table, key column and extra columns. */
async function writeKeyed<T>(
  client: Statements,
  change: Keyed<T> | undefined,
  table: 'outbox' | 'conversations',
  row: (x: T) => Record<string, unknown>,
) {
  if (!change) return;
  const keyColumn = table === 'outbox' ? 'id' : 'key';
  if ('replace' in change) await client.query(`DELETE FROM ${table}`);
  else if (change.del.length)
    await client.query(`DELETE FROM ${table} WHERE ${keyColumn} = ANY($1)`, [change.del]);
  const puts = 'replace' in change ? change.replace : change.put;
  if (!puts.length) return;
  if (table === 'outbox')
    await client.query(
      `INSERT INTO outbox (id, company_id, status, next_attempt_at, doc)
         SELECT r.id, r.c, r.status, r.due, r.doc
           FROM json_to_recordset($1::json) AS r(id text, c text, status text, due text, doc json)
       ON CONFLICT (id) DO UPDATE SET company_id = EXCLUDED.company_id, status = EXCLUDED.status,
         next_attempt_at = EXCLUDED.next_attempt_at, doc = EXCLUDED.doc`,
      [json(puts.map(row))],
    );
  else
    await client.query(
      `INSERT INTO conversations (key, company_id, doc)
         SELECT r.key, r.c, r.doc FROM json_to_recordset($1::json) AS r(key text, c text, doc json)
       ON CONFLICT (key) DO UPDATE SET company_id = EXCLUDED.company_id, doc = EXCLUDED.doc`,
      [json(puts.map(row))],
    );
}

/**
 * Writes `changes` and `events`. `versions` gives each touched company's version after this write (absent:
 * the company is gone); every company it names that still exists is bumped to that version.
 * Request keys new to this replica are inserted beforehand by `insertNewKeys`.
 */
export async function writeChanges(
  client: Statements,
  changes: ChangeSet,
  events: readonly AuditEvent[],
  versions: ReadonlyMap<string, number | null>,
): Promise<void> {
  const entities = new EntityWrites();
  const fieldsOf = new Map<string, unknown>();
  const inserted: Array<{ id: string; v: number; doc: unknown }> = [];
  const cc = changes.companies;
  if (cc && 'replace' in cc) {
    await client.query('DELETE FROM companies');
    for (const c of cc.replace) {
      inserted.push({ id: c.id, v: versions.get(c.id) ?? 1, doc: companyFields(c) });
      entities.put.push(...entityRows(c));
    }
  } else if (cc) {
    if (cc.del.length) await client.query('DELETE FROM companies WHERE id = ANY($1)', [cc.del]);
    for (const c of cc.put) {
      inserted.push({ id: c.id, v: versions.get(c.id) ?? 1, doc: companyFields(c) });
      entities.put.push(...entityRows(c));
    }
    for (const p of cc.patch) {
      if (p.fields) fieldsOf.set(p.id, p.fields);
      for (const coll of COMPANY_COLLECTIONS) {
        const change = p[coll] as Keyed<unknown> | undefined;
        if (change) entities.add(p.id, coll, change);
      }
    }
  }
  if (inserted.length)
    await client.query(
      `INSERT INTO companies (id, version, doc)
         SELECT r.id, r.v, r.doc FROM json_to_recordset($1::json) AS r(id text, v bigint, doc json)`,
      [json(inserted)],
    );
  const isNew = new Set(inserted.map((c) => c.id));
  const bumps = [...versions]
    .filter(([id, v]) => v !== null && !isNew.has(id))
    .map(([id, v]) => ({ id, v, doc: fieldsOf.get(id) ?? null }));
  if (bumps.length)
    await client.query(
      `UPDATE companies c SET version = r.v, doc = COALESCE(r.doc, c.doc)
         FROM json_to_recordset($1::json) AS r(id text, v bigint, doc json) WHERE c.id = r.id`,
      [json(bumps)],
    );
  await entities.write(client);
  await writeKeyed(client, changes.outbox, 'outbox', (x) => ({
    id: entityKey.outbox(x),
    c: x.companyId,
    status: x.status,
    due: x.nextAttemptAt,
    doc: x,
  }));
  await writeKeyed(client, changes.conversations, 'conversations', (x) => ({
    key: entityKey.conversations(x),
    c: x.companyId,
    doc: x,
  }));
  if (changes.seen?.del.length)
    await client.query('DELETE FROM request_keys WHERE key = ANY($1)', [changes.seen.del]);
  if (events.length)
    await client.query(
      `INSERT INTO audit_events (company_id, seq, at, actor, target, infra, action, prev_hash, hash, doc)
         SELECT e->>'companyId', (e->>'seq')::integer, e->>'at', e->>'actor', e->>'target', e->>'infra',
                e->>'action', e->>'prevHash', e->>'hash', e
           FROM json_array_elements($1::json) AS e`,
      [json(events)],
    );
}

/** Upserts request keys (`until` as written, and as a time for pruning). */
export async function upsertKeys(client: Statements, keys: Record<string, string>, insertOnly: boolean) {
  const rows = Object.entries(keys).map(([key, until]) => ({ key, until }));
  if (!rows.length) return;
  await client.query(
    `INSERT INTO request_keys (key, until, expires_at)
       SELECT r.key, r.until, r.until::timestamptz FROM json_to_recordset($1::json) AS r(key text, until text)
     ${insertOnly ? '' : 'ON CONFLICT (key) DO UPDATE SET until = EXCLUDED.until, expires_at = EXCLUDED.expires_at'}`,
    [json(rows)],
  );
}

/** How many versions of each company's changes are kept for other replicas to catch up by. */
export const KEPT_VERSIONS = 500;

/** Records each company's part of a commit under its new version, and forgets parts older than KEPT_VERSIONS. */
export async function writeParts(
  client: Statements,
  parts: ReadonlyArray<{ id: string; v: number; changes: unknown }>,
) {
  if (!parts.length) return;
  const rows = json(parts);
  await client.query(
    `INSERT INTO company_changes (company_id, version, changes)
       SELECT r.id, r.v, r.changes FROM json_to_recordset($1::json) AS r(id text, v bigint, changes json)
     ON CONFLICT (company_id, version) DO UPDATE SET changes = EXCLUDED.changes`,
    [rows],
  );
  await client.query(
    `DELETE FROM company_changes c USING json_to_recordset($1::json) AS r(id text, v bigint)
      WHERE c.company_id = r.id AND c.version <= r.v - ${KEPT_VERSIONS}`,
    [rows],
  );
}

// Moving a store between the two kinds: a JSON store copied into PostgreSQL, and PostgreSQL written out
// as a JSON store the embedded store opens. State and audit chains arrive exactly as they left.
import { existsSync } from 'node:fs';
import { mkdir, open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import pg from 'pg';
import type { AuditEvent, StoreData } from '../../domain/schemas.ts';
import { FILE_MODE, nodeStoreFs, writeDurably } from '../durable-write.ts';
import { openJsonFileStore } from '../json-file-store.ts';
import { auditPathOf, journalPathOf } from '../load-errors.ts';
import { snapshotOf, snapshotText } from '../snapshot-format.ts';
import type { ChainCheck } from '../store.ts';
import { pgAuditLog } from './audit-sql.ts';
import { beginChecked } from './checked-rows.ts';
import { clientConfig } from './connect.ts';
import { migrate } from './migrate.ts';
import { loadAll } from './read-rows.ts';
import { CREATED, isEmpty, SEED_LOCK_SQL, writeWhole } from './seed.ts';

export type Copied = {
  companies: number;
  events: number;
  verified: Array<{ company: string; check: ChainCheck }>;
};

/** Expected refusals of a move, worded for the operator; nothing was changed when one is thrown. */
export class TransferRefused extends Error {}

/** The channel every replica of the default schema listens on; `all` makes them reload everything. */
const notifyAll = (client: pg.ClientBase) =>
  client.query(
    `SELECT pg_notify(CASE current_schema() WHEN 'public' THEN 'portal_store' ELSE 'portal_store:' || current_schema() END, $1)`,
    [JSON.stringify({ r: 'transfer', all: true })],
  );

async function withDatabase<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(clientConfig({ url }));
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Empties every store table in the current transaction (the audit log's append-only trigger allows it only here). */
async function clear(client: pg.ClientBase) {
  await client.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_truncate');
  await client.query(
    'TRUNCATE audit_events, entities, companies, outbox, conversations, request_keys, company_changes',
  );
  await client.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_truncate');
  await client.query('DELETE FROM store_meta WHERE key = $1', [CREATED]);
}

/**
 * Copies the JSON store `file` (opened, so its owner lock is taken and its journal replayed) into the
 * database, in one transaction. Refuses a database that holds anything unless `replace` is set.
 */
export async function copyJsonToPg(
  file: string,
  url: string,
  opts: { replace?: boolean } = {},
): Promise<Copied> {
  if (!existsSync(file)) throw new TransferRefused(`There is no JSON store at ${file}. Nothing was copied.`);
  const json = await openJsonFileStore({ file });
  try {
    const data = await json.read((d) => d);
    async function* events(): AsyncIterable<AuditEvent> {
      for (const c of data.companies) yield* json.audit.all(c.id);
    }
    const copied = await withDatabase(url, async (client) => {
      await migrate(client);
      // Copied from a JSON store that was checked when it opened: written as the bot writes, checked.
      await client.query(beginChecked());
      try {
        await client.query(SEED_LOCK_SQL);
        if (!(await isEmpty(client))) {
          if (!opts.replace)
            throw new TransferRefused(
              'The database already holds a store. Nothing was copied. To replace what it holds (its audit log too), run again with --replace.',
            );
          await clear(client);
        } else await client.query('DELETE FROM store_meta WHERE key = $1', [CREATED]);
        const written = await writeWhole(client, data, events(), { from: 'json', file });
        await notifyAll(client);
        await client.query('COMMIT');
        return written;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
    // Checked where they arrived: each chain read back from the database, against the head it holds.
    const pool = new pg.Pool({ ...clientConfig({ url }), max: 1 });
    try {
      const audit = pgAuditLog(pool, () => undefined);
      const verified = [];
      for (const c of data.companies) verified.push({ company: c.id, check: await audit.verify(c.id) });
      return { companies: data.companies.length, events: copied.events, verified };
    } finally {
      await pool.end();
    }
  } finally {
    await json.close();
  }
}

/** The files of a JSON store at `file`, any of which would be overwritten. */
const storeFiles = (file: string) => [file, `${file}.bak`, journalPathOf(file), auditPathOf(file)];

/**
 * Writes the database out as a new JSON store at `file` (which must not exist): the audit log first, then
 * the snapshot that says how much of it is durable, both from one consistent snapshot of the database.
 * Then opens it with the JSON store and verifies each company's chain.
 */
export async function exportPgToJson(url: string, file: string): Promise<Copied> {
  const taken = storeFiles(file).filter((f) => existsSync(f));
  if (taken.length)
    throw new TransferRefused(
      `${taken.join(', ')} already ${taken.length > 1 ? 'exist' : 'exists'}. Nothing was written.`,
    );
  await mkdir(dirname(file), { recursive: true });
  let created = false;
  const written = withDatabase(url, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const { data } = await loadAll(client);
      const audit = await open(auditPathOf(file), 'wx', FILE_MODE);
      created = true;
      let bytes = 0;
      let events = 0;
      try {
        for (const c of data.companies) {
          let after = 0;
          for (;;) {
            const { rows } = await client.query<{ seq: number; doc: AuditEvent }>(
              'SELECT seq, doc FROM audit_events WHERE company_id = $1 AND seq > $2 ORDER BY seq LIMIT 5000',
              [c.id, after],
            );
            if (!rows.length) break;
            const text = rows.map((r) => `${JSON.stringify(r.doc)}\n`).join('');
            await audit.write(text);
            bytes += Buffer.byteLength(text);
            events += rows.length;
            after = rows.at(-1)?.seq ?? after;
          }
        }
        await audit.sync();
      } finally {
        await audit.close();
      }
      await client.query('COMMIT');
      return { data: { ...data, bytes } as StoreData & { bytes: number }, events };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
  let exported: Awaited<typeof written>;
  try {
    exported = await written;
  } catch (error) {
    // A half-written log would make the next export refuse: it goes, and the error says why.
    if (created) await unlink(auditPathOf(file)).catch(() => undefined);
    throw error;
  }
  const { data, events } = exported;
  const { bytes, ...state } = data;
  await writeDurably(file, snapshotText(snapshotOf(state, { seq: 0, auditBytes: bytes })), nodeStoreFs);
  const json = await openJsonFileStore({ file });
  try {
    const verified = [];
    for (const c of state.companies) verified.push({ company: c.id, check: await json.audit.verify(c.id) });
    return { companies: state.companies.length, events, verified };
  } finally {
    await json.close();
  }
}

// The PostgreSQL Store (DATABASE_URL): the same contract as the JSON store, correct across replicas.
// How it stays correct is told in docs/store.md ("The PostgreSQL store").
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { StoreData } from '../../domain/schemas.ts';
import { StoreClosedError } from '../errors.ts';
import type { Store, TxFn } from '../store.ts';
import { pgAuditLog } from './audit-sql.ts';
import { beginChecked, prepareCheck, recordChecked, rowsCheck } from './checked-rows.ts';
import { createPool, type PgOptions, reasonOf } from './connect.ts';
import { describeDatabase, PgStoreOpenError } from './describe.ts';
import { listen } from './listener.ts';
import { migrate } from './migrate.ts';
import { loadAll } from './read-rows.ts';
import { Replica } from './replica.ts';
import { isCreated, SEED_LOCK_SQL, writeWhole } from './seed.ts';

export { describeDatabase, PgStoreOpenError } from './describe.ts';

export type PgStoreOptions = PgOptions & {
  /** The state of a brand-new store (the demo company); defaults to an empty one. */
  seed?: () => StoreData;
  /** Operational events (reconnects, reloads, failed writes); reasons only, never the connection string. */
  log?: (event: string, detail: Record<string, unknown>) => void;
  /** How long to keep asking whether a COMMIT whose connection broke took effect (default 15 s). */
  fateWaitMs?: number;
};

/** Whether the database answers now (`/readyz`). */
export type Readiness = { ready: true } | { ready: false; reason: string };

export type PgStore = Store & {
  /**
   * Runs `task` in one replica at a time: a replica that finds it running elsewhere skips it. The
   * scheduler and the outbox worker run under it, so they do their work once across replicas.
   */
  exclusive<T>(task: string, run: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  readiness(): Promise<Readiness>;
};

async function withClient<T>(pool: pg.Pool, run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    return await run(client);
  } catch (error) {
    failed = error instanceof Error ? error : new Error(String(error));
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(failed);
  }
}

/** Migrations, then the seed if the store was never created; returns the NOTIFY channel of its schema. */
async function prepare(pool: pg.Pool, seed: () => StoreData): Promise<string> {
  return withClient(pool, async (client) => {
    await migrate(client);
    await client.query(beginChecked());
    await client.query(SEED_LOCK_SQL);
    if (!(await isCreated(client))) await writeWhole(client, seed(), [], { from: 'seed' });
    await client.query('COMMIT');
    const { rows } = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
    const schema = rows[0]?.schema ?? 'public';
    return schema === 'public' ? 'portal_store' : `portal_store:${schema}`;
  });
}

const emptySeed = (): StoreData => ({
  schemaVersion: 2,
  companies: [],
  seen: {},
  conversations: [],
  outbox: [],
});

/**
 * Opens the store: runs the migrations (replicas starting together wait for each other), seeds a new
 * store, starts listening for other replicas' commits, then loads the state. Rejects with PgStoreOpenError.
 */
export async function openPgStore(opts: PgStoreOptions): Promise<PgStore> {
  const where = describeDatabase(opts.url);
  const log = opts.log ?? (() => undefined);
  const pool = createPool(opts, (error) => log('store-connection-lost', { error: reasonOf(error) }));
  const id = randomUUID();
  let replica: Replica | null = null;
  let listener: Awaited<ReturnType<typeof listen>> | null = null;
  try {
    const channel = await prepare(pool, opts.seed ?? emptySeed);
    listener = await listen(opts, channel, {
      notified: (payload) => replica?.notified(payload),
      reconnected: () => replica?.lostTouch(),
      log,
    });
    // Listening before loading: a commit made in between is announced, and reloaded.
    const loaded = await withClient(pool, async (client) => {
      await prepareCheck(client);
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const check = await rowsCheck(client);
      const state = await loadAll(client, { trusted: check.trusted });
      await client.query('COMMIT');
      await recordChecked(client, check);
      return state;
    });
    replica = new Replica({
      pool,
      channel,
      id,
      data: loaded.data,
      versions: loaded.versions,
      log,
      ...(opts.fateWaitMs === undefined ? {} : { fateWaitMs: opts.fateWaitMs }),
    });
  } catch (error) {
    await listener?.close();
    await pool.end().catch(() => undefined);
    const reason = error instanceof Error && error.name === 'PgDataError' ? error.message : reasonOf(error);
    throw new PgStoreOpenError(where, reason, { cause: error });
  }
  const live = replica;
  let closing: Promise<void> | null = null;
  const open = () => {
    if (closing) throw new StoreClosedError();
  };

  return {
    audit: pgAuditLog(pool, open),
    read<T>(fn: (data: Readonly<StoreData>) => T): Promise<T> {
      if (closing) return Promise.reject(new StoreClosedError());
      const snapshot = live.state;
      return new Promise<T>((resolve) => resolve(fn(snapshot)));
    },
    transaction<T>(fn: TxFn<T>): Promise<T> {
      if (closing) return Promise.reject(new StoreClosedError());
      return new Promise<T>((resolve, reject) => {
        live.submit({ fn: fn as TxFn<unknown>, resolve: resolve as (v: unknown) => void, reject });
      });
    },
    async exclusive<T>(task: string, run: () => Promise<T>) {
      open();
      return withClient(pool, async (client) => {
        const key = `portal-store:${task}`;
        const { rows } = await client.query<{ got: boolean }>(
          'SELECT pg_try_advisory_lock(hashtext($1)) AS got',
          [key],
        );
        if (!rows[0]?.got) return { ran: false as const };
        try {
          return { ran: true as const, value: await run() };
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
        }
      });
    },
    async readiness() {
      try {
        await pool.query('SELECT 1');
        return { ready: true };
      } catch (error) {
        return { ready: false, reason: reasonOf(error) };
      }
    },
    close(): Promise<void> {
      closing ??= (async () => {
        await live.idle;
        await listener?.close();
        await pool.end();
      })();
      return closing;
    },
  };
}

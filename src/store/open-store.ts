// The one place that picks the store: PostgreSQL when DATABASE_URL is set (several replicas), else the
// embedded JSON store in DATA_FILE (one process).
import type { StoreData } from '../domain/schemas.ts';
import { openJsonFileStore, StoreOpenError } from './json-file-store.ts';
import { describeDatabase, PgStoreOpenError } from './pg/describe.ts';
import type { Store } from './store.ts';

export type StoreLocation = { kind: 'json'; file: string } | { kind: 'postgres'; url: string };

export const storeLocation = (opts: { dataFile: string; databaseUrl?: string | undefined }): StoreLocation =>
  opts.databaseUrl ? { kind: 'postgres', url: opts.databaseUrl } : { kind: 'json', file: opts.dataFile };

/** For messages: the file, or the server and database (never a user or password). */
export const describeStore = (at: StoreLocation): string =>
  at.kind === 'json' ? at.file : `PostgreSQL ${describeDatabase(at.url)}`;

/** Why the store could not be opened, in words for the person starting the bot. */
export class OpenStoreError extends Error {}

export async function openStore(
  at: StoreLocation,
  opts: { seed: () => StoreData; log?: (event: string, detail: Record<string, unknown>) => void },
): Promise<Store> {
  try {
    if (at.kind === 'json') return await openJsonFileStore({ file: at.file, seed: opts.seed });
    // Loaded only here: pg and node-pg-migrate cost a JSON-store start a tenth of its time for nothing.
    const { openPgStore } = await import('./pg/pg-store.ts');
    return await openPgStore({ url: at.url, seed: opts.seed, ...(opts.log ? { log: opts.log } : {}) });
  } catch (e) {
    if (e instanceof StoreOpenError) throw new OpenStoreError(e.failure.message, { cause: e });
    if (e instanceof PgStoreOpenError) throw new OpenStoreError(e.message, { cause: e });
    throw e;
  }
}

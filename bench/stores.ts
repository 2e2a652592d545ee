// The stores the bench runs against, as parameters: where each keeps its data and how the bot is pointed at it.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { childEnv, type Runtime, runChild } from './processes.ts';

export type StoreTarget = {
  /** A folder for this run's files (logs, the acknowledged list), removed by dispose. */
  dir: string;
  /** What the bot and the store tool need in their environment to use this store. */
  env: Record<string, string>;
  /** Bytes the store occupies. */
  size(): Promise<number>;
  /** False when the code ignored this store (DATABASE_URL given, but no PostgreSQL store in this code yet). */
  used(): Promise<boolean>;
  dispose(): Promise<void>;
};

export type StoreKind = { name: string; create(label: string): Promise<StoreTarget> };

const run = promisify(execFile);

/** The embedded store: DATA_FILE in a fresh folder; its size counts every file beside it (journal, audit log). */
const jsonStore: StoreKind = {
  name: 'JSON file',
  async create(label) {
    const dir = await mkdtemp(join(tmpdir(), `bench-${label}-`));
    const store = join(dir, 'store');
    const file = join(store, 'db.json');
    return {
      dir,
      env: { DATA_FILE: file },
      async size() {
        let bytes = 0;
        for (const name of await readdir(store)) bytes += (await stat(join(store, name))).size;
        return bytes;
      },
      used: async () => existsSync(file),
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  },
};

/** PostgreSQL: a fresh database per run, named for this branch; DATA_FILE points at a file that must stay absent. */
function postgresStore(adminUrl: string): StoreKind {
  const psql = async (url: string, sql: string) =>
    (await run('psql', [url, '-v', 'ON_ERROR_STOP=1', '-At', '-c', sql])).stdout.trim();
  return {
    name: 'PostgreSQL',
    async create(label) {
      const dir = await mkdtemp(join(tmpdir(), `bench-${label}-`));
      const db = `bench_${label}_${process.pid}`.replace(/[^a-z0-9_]/g, '_');
      await psql(adminUrl, `DROP DATABASE IF EXISTS ${db}`);
      await psql(adminUrl, `CREATE DATABASE ${db}`);
      const url = new URL(adminUrl);
      url.pathname = `/${db}`;
      const tripwire = join(dir, 'store', 'db.json');
      return {
        dir,
        env: { DATABASE_URL: url.toString(), DATA_FILE: tripwire },
        size: async () => Number(await psql(url.toString(), 'SELECT pg_database_size(current_database())')),
        async used() {
          if (existsSync(tripwire)) return false;
          const tables = await psql(
            url.toString(),
            "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
          );
          return Number(tables) > 0;
        },
        async dispose() {
          await psql(adminUrl, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

/** The JSON store always; PostgreSQL too when BENCH_DATABASE_URL (or DATABASE_URL) names a server. */
export function storeKinds(env: NodeJS.ProcessEnv): StoreKind[] {
  const pg = env.BENCH_DATABASE_URL || env.DATABASE_URL;
  return pg ? [jsonStore, postgresStore(pg)] : [jsonStore];
}

const SeedReportSchema = z.object({ members: z.number(), events: z.number() });
const CheckReportSchema = z.object({
  checked: z.number(),
  missing: z.array(z.tuple([z.string(), z.string()])),
});

/** Fills the store with the generated company and its history, through the project's own store code. */
export async function seedStore(rt: Runtime, t: StoreTarget, members: number, history: number) {
  const out = await runChild([...rt.tool, 'seed', String(members), String(history)], childEnv(t.env));
  return SeedReportSchema.parse(JSON.parse(out));
}

/** Which acknowledged grants ([email, infra]) the store does not hold. */
export async function checkStore(rt: Runtime, t: StoreTarget, grants: Array<[string, string]>) {
  const file = join(t.dir, 'acknowledged.json');
  await writeFile(file, JSON.stringify(grants));
  const out = await runChild([...rt.tool, 'check', file], childEnv(t.env));
  return CheckReportSchema.parse(JSON.parse(out));
}

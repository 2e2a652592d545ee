// Versioned migrations of the PostgreSQL store: the SQL files under migrations/, run by node-pg-migrate.
import { readdir } from 'node:fs/promises';
import type pg from 'pg';
import { shippedFile } from '../shipped-file.ts';

export const MIGRATIONS_DIR = shippedFile('migrations');
export const MIGRATIONS_TABLE = 'pgmigrations';

/**
 * Brings the schema up to date and returns the names of the migrations it ran. Replicas starting
 * together wait for each other on node-pg-migrate's advisory lock; each migration runs in a transaction.
 */
export async function migrate(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
  const schema = rows[0]?.schema ?? 'public';
  if (await upToDate(client)) return [];
  // Loaded only when there is something to run: node-pg-migrate costs a start a sixth of a second.
  const { runner } = await import('node-pg-migrate');
  const ran = await runner({
    dbClient: client,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: MIGRATIONS_TABLE,
    schema,
    checkOrder: true,
    singleTransaction: true,
    advisoryLockMode: 'wait',
    // Its progress lines are not ours to print; the caller reports what ran.
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  return ran.map((m) => m.name);
}

/** The migrations under migrations/, by the name node-pg-migrate records (the file name without its extension). */
async function migrationNames(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR))
    .filter((f) => /\.(sql|js|cjs|mjs|ts)$/.test(f))
    .map((f) => f.replace(/\.[^.]+$/, ''))
    .sort();
}

/**
 * Whether every migration is recorded as run, in the order of the files (what `checkOrder` asks). Only
 * committed migrations are recorded, so a replica migrating meanwhile makes this false, and the runner
 * then waits for it on its lock. No table yet: a new database.
 */
async function upToDate(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [
    MIGRATIONS_TABLE,
  ]);
  if (!rows[0]?.found) return false;
  const done = await client.query<{ name: string }>(
    `SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY run_on, id`,
  );
  const files = await migrationNames();
  return done.rows.length === files.length && done.rows.every((r, i) => r.name === files[i]);
}

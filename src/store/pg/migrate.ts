// Versioned migrations of the PostgreSQL store: the SQL files under migrations/, run by node-pg-migrate.
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import type pg from 'pg';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));
export const MIGRATIONS_TABLE = 'pgmigrations';

/**
 * Brings the schema up to date and returns the names of the migrations it ran. Replicas starting
 * together wait for each other on node-pg-migrate's advisory lock; each migration runs in a transaction.
 */
export async function migrate(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
  const schema = rows[0]?.schema ?? 'public';
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

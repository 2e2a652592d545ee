// Migrations at start: an up-to-date database is left alone, a missing migration is run, a record that does
// not match the files is handed to the migrator (whose order check refuses it), never taken as up to date;
// every migration's down part undoes it.
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, MIGRATIONS_TABLE, migrate } from '../../../src/store/pg/migrate.ts';
import { openPgStore } from '../../../src/store/pg/pg-store.ts';
import { company, storeWith } from '../fixtures.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('migrate');
});
afterAll(async () => {
  await db.drop();
});

/** Every migration file, in the order the migrator runs them. */
const MIGRATIONS = readdirSync(new URL('../../../migrations/', import.meta.url))
  .filter((f) => f.endsWith('.sql'))
  .map((f) => f.replace(/\.sql$/, ''))
  .sort();
/** Two migrations an older database lacks: the one that lets entities hold reviews, and checked rows. */
const REVIEWS = '1764460800010_access-reviews';
const CHECKED = '1764460800020_checked-rows';

async function withClient<T>(run: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const recorded = () =>
  withClient(
    async (c) => (await c.query<{ name: string }>('SELECT name FROM pgmigrations ORDER BY id')).rows,
  );

describe('migrate', () => {
  it('runs every migration on a new database, then nothing once it is up to date', async () => {
    expect(MIGRATIONS.length).toBeGreaterThanOrEqual(3);
    expect(await withClient(migrate)).toEqual(MIGRATIONS);
    expect(await withClient(migrate)).toEqual([]);
    expect((await recorded()).map((r) => r.name)).toEqual(MIGRATIONS);
  });

  it('runs the migrations the database lacks (an older database, a release with two new ones)', async () => {
    await withClient(async (c) => {
      // As before the last two: no checked-rows triggers, and entities that cannot hold reviews.
      for (const t of ['companies', 'entities', 'outbox', 'conversations', 'request_keys'])
        await c.query(`DROP TRIGGER ${t}_checked ON ${t}`);
      await c.query('DROP FUNCTION store_count_unchecked()');
      await c.query('DROP TABLE store_checks');
      await c.query('DELETE FROM pgmigrations WHERE name = $1', [CHECKED]);
      await c.query('ALTER TABLE entities DROP CONSTRAINT entities_kind_check');
      await c.query(
        "ALTER TABLE entities ADD CONSTRAINT entities_kind_check CHECK (kind IN ('subscriptions', 'members', 'contacts', 'cases', 'requests', 'grants'))",
      );
      await c.query('DELETE FROM pgmigrations WHERE name = $1', [REVIEWS]);
    });
    expect(await withClient(migrate)).toEqual([REVIEWS, CHECKED]);
    const checks = await withClient((c) => c.query('SELECT unchecked::int AS n FROM store_checks'));
    expect(checks.rows).toEqual([{ n: 0 }]);
    const check = await withClient((c) =>
      c.query<{ def: string }>(
        "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'entities_kind_check'",
      ),
    );
    expect(check.rows[0]?.def).toContain('reviewItems');
  });

  it('does not take a record under another name as up to date: the migrator checks it, and refuses the order', async () => {
    await withClient(async (c) => {
      await c.query('DROP TABLE company_changes');
      await c.query(
        "UPDATE pgmigrations SET name = '1764460799999_renamed' WHERE name = '1764460800001_company-changes'",
      );
    });
    await expect(withClient(migrate)).rejects.toThrow(/Not run migration 1764460800001_company-changes/);
  });
});

describe('down migrations', () => {
  it('take a database with data back to nothing, newest first, and up again to a store that opens', async () => {
    const fresh = await createTestDatabase('migrate_down');
    const client = new pg.Client({ connectionString: fresh.url });
    await client.connect();
    try {
      const store = await openPgStore({ url: fresh.url, seed: () => storeWith(company('acme')) });
      await store.close();
      const { runner } = await import('node-pg-migrate');
      const quiet = {
        debug: () => undefined,
        info: () => undefined,
        warn: () => undefined,
        error: () => undefined,
      };
      const down = await runner({
        dbClient: client,
        dir: MIGRATIONS_DIR,
        direction: 'down',
        count: Number.POSITIVE_INFINITY,
        migrationsTable: MIGRATIONS_TABLE,
        singleTransaction: true,
        logger: quiet,
      });
      expect(down.map((m) => m.name)).toEqual([...MIGRATIONS].reverse());
      const left = await client.query<{ name: string }>(
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> $1",
        [MIGRATIONS_TABLE],
      );
      expect(left.rows).toEqual([]);
      expect(await migrate(client)).toEqual(MIGRATIONS);
      const reopened = await openPgStore({ url: fresh.url, seed: () => storeWith(company('globex')) });
      // Down took the data with it: the store is new again, seeded anew.
      expect(await reopened.read((d) => d.companies.map((c) => c.id))).toEqual(['globex']);
      await reopened.close();
    } finally {
      await client.end();
      await fresh.drop();
    }
  });
});

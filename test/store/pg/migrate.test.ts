// Migrations at start: an up-to-date database is left alone, a missing migration is run, a record that does
// not match the files is handed to the migrator (whose order check refuses it), never taken as up to date.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/store/pg/migrate.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('migrate');
});
afterAll(async () => {
  await db.drop();
});

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
    expect(await withClient(migrate)).toEqual([
      '1764460800000_store-tables',
      '1764460800001_company-changes',
    ]);
    expect(await withClient(migrate)).toEqual([]);
    expect((await recorded()).map((r) => r.name)).toEqual([
      '1764460800000_store-tables',
      '1764460800001_company-changes',
    ]);
  });

  it('runs a migration the database lacks', async () => {
    await withClient(async (c) => {
      await c.query('DROP TABLE company_changes');
      await c.query("DELETE FROM pgmigrations WHERE name = '1764460800001_company-changes'");
    });
    expect(await withClient(migrate)).toEqual(['1764460800001_company-changes']);
    expect(await withClient((c) => c.query('SELECT count(*) FROM company_changes'))).toBeTruthy();
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

// Throwaway PostgreSQL databases for the tests: each made with a random name, and dropped after.
// CI sets TEST_DATABASE_URL; without it, CI fails here rather than skip, and a developer's machine uses the local server.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return url;
  if (process.env.CI)
    throw new Error(
      'TEST_DATABASE_URL is not set: the PostgreSQL store tests need a server (e.g. postgres://postgres@127.0.0.1:5432/test).',
    );
  return 'postgres://postgres@127.0.0.1:5432/test';
}

export const ADMIN_URL = adminUrl();

export async function admin<T>(run: (client: pg.Client) => Promise<T>, url = ADMIN_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // A session ended by the server (a database dropped under it) fails its query; the event says so twice.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export type TestDatabase = { url: string; name: string; drop(): Promise<void> };

/** A new empty database named pg_<label>_<random>; `drop` ends its sessions and removes it. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `pg_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

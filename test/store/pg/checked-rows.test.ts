// A start checks every row it loads, unless every row was written by the bot with these same schemas since the
// last full check (checked-rows.ts): writes by anything else are counted by triggers, and make the next start check.
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { beginChecked, prepareCheck, recordChecked, rowsCheck } from '../../../src/store/pg/checked-rows.ts';
import { openPgStore, PgStoreOpenError } from '../../../src/store/pg/pg-store.ts';
import { commit } from '../../../src/store/store.ts';
import { company, storeWith } from '../fixtures.ts';
import { admin, createTestDatabase, type TestDatabase } from './database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('checked');
});
afterAll(() => db.drop());

const sql = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
  admin(async (c) => (await c.query<T>(text, params)).rows, db.url);
const checks = async () =>
  (
    await sql<{ fingerprint: string | null; unchecked: number; checked_at: number | null }>(
      'SELECT fingerprint, unchecked::int AS unchecked, checked_at::int AS checked_at FROM store_checks',
    )
  )[0];
/** An entity changed as psql would: without saying which schemas checked it. */
const INVALID_NAME = `UPDATE entities SET doc = '{"email":"ana@example.com","name":""}' WHERE key = 'ana@example.com'`;
const anaDoc = async () =>
  (await sql<{ doc: string }>(`SELECT doc::text AS doc FROM entities WHERE key = 'ana@example.com'`))[0]
    ?.doc ?? '';
/** Puts Ana's row back as the bot wrote it, as psql would (so it is counted too). */
const restore = (doc: string) =>
  sql(`UPDATE entities SET doc = $1::json WHERE key = 'ana@example.com'`, [doc]);

async function opened() {
  const store = await openPgStore({ url: db.url, seed: () => storeWith(company('acme')) });
  await store.close();
}

beforeEach(async () => {
  await sql('DROP SCHEMA public CASCADE');
  await sql('CREATE SCHEMA public');
  await opened(); // migrations and the seed
});

describe('checked rows', () => {
  it('a start after a clean check trusts the rows; the bot’s own writes keep them trusted', async () => {
    await opened();
    const first = await checks();
    expect(first?.checked_at).toBe(first?.unchecked);
    const store = await openPgStore({ url: db.url });
    await store.transaction((d) => {
      const acme = d.companies[0];
      if (acme) acme.name = 'Acme Two';
      return commit(undefined);
    });
    await store.close();
    // The bot's write was not counted: still trusted.
    expect(await checks()).toEqual(first);
  });

  it('a row changed by anything else is counted, and the next start checks it and refuses it, naming it', async () => {
    await opened();
    const original = await anaDoc();
    await sql(INVALID_NAME);
    const counted = await checks();
    expect(counted?.unchecked).toBeGreaterThan(counted?.checked_at ?? Number.POSITIVE_INFINITY);
    await expect(openPgStore({ url: db.url })).rejects.toThrow(PgStoreOpenError);
    await expect(openPgStore({ url: db.url })).rejects.toThrow(/members\[ana@example.com\]/);
    // Corrected, it is checked again and trusted from then on.
    await restore(original);
    await opened();
    const after = await checks();
    expect(after?.checked_at).toBe(after?.unchecked);
  });

  it('a write made with other schemas (another version of the bot) is counted too', async () => {
    await opened();
    await admin(async (c: pg.Client) => {
      await c.query(`BEGIN; SET LOCAL portal.checked_with = '${'0'.repeat(64)}'`);
      await c.query(INVALID_NAME);
      await c.query('COMMIT');
    }, db.url);
    await expect(openPgStore({ url: db.url })).rejects.toThrow(/members\[ana@example.com\]/);
  });

  it('what it trusts: a write that says it was checked with these schemas is not checked again', async () => {
    await opened();
    await admin(async (c: pg.Client) => {
      await c.query(beginChecked());
      await c.query(INVALID_NAME);
      await c.query('COMMIT');
    }, db.url);
    const store = await openPgStore({ url: db.url });
    expect(
      await store.read((d) => d.companies[0]?.members.find((m) => m.email === 'ana@example.com')?.name),
    ).toBe('');
    await store.close();
  });

  it('a write between the start’s snapshot and its record keeps the rows unchecked for the next start', async () => {
    await restore(await anaDoc()); // counted: the next start checks
    await admin(async (c: pg.Client) => {
      await prepareCheck(c);
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const check = await rowsCheck(c);
      await c.query('COMMIT');
      expect(check.trusted).toBe(false);
      await sql(INVALID_NAME); // lands after the snapshot that was checked
      await recordChecked(c, check);
    }, db.url);
    const after = await checks();
    expect(after?.checked_at).toBeNull();
    await expect(openPgStore({ url: db.url })).rejects.toThrow(/members\[ana@example.com\]/);
  });
});

// Moving a store both ways: JSON store -> PostgreSQL -> JSON store loses nothing (state and audit chains).
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonStore } from '../../../src/store/inspect.ts';
import { openJsonFileStore } from '../../../src/store/json-file-store.ts';
import { openPgStore } from '../../../src/store/pg/pg-store.ts';
import { copyJsonToPg, exportPgToJson, TransferRefused } from '../../../src/store/pg/transfer.ts';
import { company, storeWith } from '../fixtures.ts';
import { admin, createTestDatabase, type TestDatabase } from './database.ts';
import { txArb, txFn } from './random-tx.ts';

let db: TestDatabase;
let dir: string;
let source: string;

beforeAll(async () => {
  db = await createTestDatabase('transfer');
  dir = await mkdtemp(join(tmpdir(), 'pg-transfer-'));
  source = join(dir, 'source', 'db.json');
  // A JSON store with history: random transactions of every kind, journal and audit log included.
  const json = await openJsonFileStore({
    file: source,
    seed: () => storeWith(company('acme'), company('globex')),
  });
  for (const t of fc.sample(txArb, { seed: 7, numRuns: 120 }))
    await json.transaction(txFn(t)).catch(() => undefined);
  await json.close();
});
afterAll(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

const cli = (script: string, args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', `src/app/${script}.ts`, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });

describe('moving a store between JSON and PostgreSQL', () => {
  it('JSON -> PostgreSQL -> JSON gives back the same state and the same audit chains', async () => {
    const original = await readJsonStore(source);
    expect(original.audit.length).toBeGreaterThan(10);
    // Access reviews are entity rows of their own kind: some must be there to cross both ways.
    expect(original.data.companies.some((c) => c.reviews.length > 0)).toBe(true);
    expect(original.data.companies.some((c) => c.reviewItems.length > 1)).toBe(true);
    const copied = await copyJsonToPg(source, db.url);
    expect(copied.events).toBe(original.audit.length);
    expect(copied.verified.every((v) => v.check.ok)).toBe(true);

    const pg = await openPgStore({ url: db.url });
    try {
      expect(await pg.read((d) => d)).toEqual(original.data);
    } finally {
      await pg.close();
    }

    const back = join(dir, 'back', 'db.json');
    const exported = await exportPgToJson(db.url, back);
    expect(exported.verified.every((v) => v.check.ok)).toBe(true);
    const roundTrip = await readJsonStore(back);
    expect(roundTrip.data).toEqual(original.data);
    // Each company's chain, in order (the export writes one company after another).
    const byChain = (events: typeof original.audit) =>
      [...events].sort((x, y) => x.companyId.localeCompare(y.companyId) || x.seq - y.seq);
    expect(byChain(roundTrip.audit)).toEqual(byChain(original.audit));
    // And the embedded store opens it and verifies every chain.
    const reopened = await openJsonFileStore({ file: back });
    try {
      for (const c of original.data.companies)
        expect(await reopened.audit.verify(c.id)).toEqual({ ok: true, events: c.auditHead.count });
    } finally {
      await reopened.close();
    }
  });

  it('refuses a database that holds a store, unless told to replace it, and changes nothing', async () => {
    const before = await admin(
      async (c) => (await c.query('SELECT count(*)::int AS n FROM audit_events')).rows,
      db.url,
    );
    await expect(copyJsonToPg(source, db.url)).rejects.toThrow(TransferRefused);
    await expect(copyJsonToPg(source, db.url)).rejects.toThrow(/--replace/);
    expect(
      await admin(async (c) => (await c.query('SELECT count(*)::int AS n FROM audit_events')).rows, db.url),
    ).toEqual(before);
    const replaced = await copyJsonToPg(source, db.url, { replace: true });
    expect(replaced.verified.every((v) => v.check.ok)).toBe(true);
    expect(
      await admin(async (c) => (await c.query('SELECT count(*)::int AS n FROM audit_events')).rows, db.url),
    ).toEqual(before);
  });

  it('refuses to export over an existing store, and to copy a file that is not there', async () => {
    await expect(exportPgToJson(db.url, source)).rejects.toThrow(/already exist.*Nothing was written/);
    await expect(copyJsonToPg(join(dir, 'missing.json'), db.url)).rejects.toThrow(/There is no JSON store/);
  });

  it('the scripts explain bad input and refusals without a stack trace', () => {
    const noUrl = cli('migrate-from-json', [source], { DATABASE_URL: '' });
    expect(noUrl.status).toBe(2);
    expect(noUrl.stderr).toContain('DATABASE_URL is not set');
    const badFlag = cli('migrate-from-json', [source, '--bogus'], { DATABASE_URL: db.url });
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toContain('Usage:');
    const refused = cli('migrate-from-json', [source], { DATABASE_URL: db.url });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('already holds a store');
    const exportOver = cli('export-json', [source], { DATABASE_URL: db.url });
    expect(exportOver.status).toBe(1);
    expect(exportOver.stderr).toContain('Nothing was written');
    for (const r of [noUrl, badFlag, refused, exportOver]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

// The JSON-file store's own promises: creation, refusing bad files untouched, converting schema 1.

import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashEvent } from '../../src/domain/audit.ts';
import { type AuditEvent, SCHEMA_VERSION, type StoreData } from '../../src/domain/schemas.ts';
import { markSeen, seenKeys } from '../../src/domain/seen.ts';
import { openJsonFileStore, StoreOpenError, type StoreOpenFailure } from '../../src/store/json-file-store.ts';
import { commit } from '../../src/store/store.ts';
import { AT, company, snapshotText, storeWith } from './fixtures.ts';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'store-'));
  file = join(dir, 'db.json');
});
afterEach(async () => {
  await chmod(dir, 0o700).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

const listDir = async () => (await readdir(dir)).sort();
const FILES = ['db.json', 'db.json.audit.jsonl', 'db.json.journal'];

async function openFailure(target = file): Promise<StoreOpenFailure> {
  const error: unknown = await openJsonFileStore({ file: target }).then(
    async (store) => {
      await store.close();
      throw new Error('expected the store to refuse to open');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof StoreOpenError)) throw error;
  return error.failure;
}

const addSeen = (key: string) => (d: StoreData) => {
  markSeen(d.seen, key, AT);
  return commit(key);
};

describe('a missing store file', () => {
  it('is created with mode 0600 from the seed, with an empty journal and audit log, and reads back', async () => {
    const nested = join(dir, 'data', 'db.json');
    const store = await openJsonFileStore({ file: nested, seed: () => storeWith(company()) });
    for (const f of FILES) expect((await stat(join(dir, 'data', f))).mode & 0o777, f).toBe(0o600);
    expect(await store.read((d) => d.companies.map((c) => c.id))).toEqual(['acme']);
    expect(JSON.parse(await readFile(nested, 'utf8'))).toEqual({
      ...storeWith(company()),
      journal: { seq: 0, auditBytes: 0, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    await store.close();
    const again = await openJsonFileStore({ file: nested });
    expect(await again.read((d) => d.companies[0]?.members[0]?.email)).toBe('ana@example.com');
    await again.close();
  });

  it('starts empty without a seed', async () => {
    const store = await openJsonFileStore({ file });
    expect(await store.read((d) => d)).toEqual({
      schemaVersion: SCHEMA_VERSION,
      companies: [],
      seen: {},
      conversations: [],
      outbox: [],
    });
    await store.close();
  });

  it('is not created over a journal or audit log left from another store, which are named', async () => {
    await writeFile(`${file}.journal`, '{"seq":1}\n');
    const failure = await openFailure();
    expect(failure.kind).toBe('invalid');
    expect(failure.message).toContain(`${file}.journal`);
    expect(failure.message).toMatch(/Put .*db\.json back, or move them away too/);
    expect(await listDir()).toEqual(['db.json.journal']);
  });
});

describe('an existing store file', () => {
  it('keeps committed data across a reopen and is set to mode 0600', async () => {
    await writeFile(file, snapshotText(storeWith(company())), { mode: 0o644 });
    const store = await openJsonFileStore({ file });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await store.transaction(addSeen('e1'));
    await store.close();
    const again = await openJsonFileStore({ file });
    expect(await again.read((d) => ({ seen: seenKeys(d.seen), companies: d.companies.length }))).toEqual({
      seen: ['e1'],
      companies: 1,
    });
    await again.close();
  });

  it('removes temp files a crashed writer left behind, of the snapshot and of the journal', async () => {
    await writeFile(file, snapshotText(storeWith()));
    const uuid = '123e4567-e89b-12d3-a456-426614174000';
    await writeFile(join(dir, `db.json.4242.${uuid}.tmp`), '{"half":');
    await writeFile(join(dir, `db.json.journal.4242.${uuid}.tmp`), '{"seq":');
    const store = await openJsonFileStore({ file });
    expect(await listDir()).toEqual([...FILES, 'db.json.lock'].sort());
    await store.close();
  });
});

describe('a file that is not a valid store', () => {
  const valid = snapshotText(storeWith(company()));
  const badEmail = storeWith(company());
  const member = badEmail.companies[0]?.members[0];
  if (member) member.email = 'not-an-email';
  const cases: Array<{ name: string; text: string; field: string; says: RegExp }> = [
    { name: 'an empty file', text: '', field: '(root)', says: /empty/ },
    {
      name: 'truncated JSON',
      text: valid.slice(0, 60),
      field: '(root)',
      says: /not valid JSON.*ends early at line \d+, column \d+/,
    },
    {
      name: 'broken JSON',
      text: '{"schemaVersion": 2,, }',
      field: '(root)',
      says: /not valid JSON.*line 1, column 21/,
    },
    { name: 'null', text: 'null', field: '(root)', says: /object/ },
    { name: '{}', text: '{}', field: 'schemaVersion', says: /field schemaVersion/ },
    {
      name: 'a member with a bad email',
      text: snapshotText(badEmail),
      field: 'companies.0.members.0.email',
      says: /email/,
    },
    {
      name: 'a snapshot without its journal mark',
      text: JSON.stringify(storeWith()),
      field: 'journal',
      says: /field journal/,
    },
    {
      name: 'a newer schemaVersion',
      text: snapshotText({ ...storeWith(), schemaVersion: SCHEMA_VERSION + 1 } as unknown as StoreData),
      field: 'schemaVersion',
      says: /newer version/,
    },
  ];

  for (const c of cases) {
    it(`refuses ${c.name}, naming the field, and leaves every file as it was`, async () => {
      await writeFile(file, c.text);
      const before = await readFile(file);
      const listing = await listDir();
      const failure = await openFailure();
      expect(failure).toMatchObject({ kind: 'invalid', file, field: c.field });
      expect(failure.message).toContain(file);
      expect(failure.message).toMatch(c.says);
      expect(failure.message).toMatch(/No good copy exists yet.*mv /);
      expect(await readFile(file)).toEqual(before);
      expect(await listDir()).toEqual(listing);
    });
  }

  it('points at the .bak copy when it is a valid store', async () => {
    await writeFile(file, '{"schemaVersion": 2, "companies": [');
    await writeFile(`${file}.bak`, valid);
    const failure = await openFailure();
    expect(failure.kind).toBe('invalid');
    expect(failure.message).toContain(`cp ${file}.bak ${file}`);
    expect(await listDir()).toEqual(['db.json', 'db.json.bak']);
  });

  it('says no good copy exists when the .bak is broken too', async () => {
    await writeFile(file, '{}');
    await writeFile(`${file}.bak`, 'null');
    const failure = await openFailure();
    expect(failure.message).toMatch(/No good copy exists: .*db\.json\.bak is not a valid store either/);
    expect(failure.message).not.toContain('cp ');
  });
});

/** A schema-1 file: the audit trail inside it, one global sequence over two companies. */
function schemaOne(): { text: string; audit: AuditEvent[] } {
  const audit: AuditEvent[] = [];
  const prev = new Map<string, string>();
  for (const [seq, companyId] of [
    [1, 'acme'],
    [2, 'beta'],
    [3, 'acme'],
  ] as const) {
    const e = {
      seq,
      companyId,
      at: AT,
      actor: 'ana@example.com',
      chat: 'console' as const,
      action: 'member.edit',
      target: 'ana@example.com',
      before: null,
      after: { seq },
      prevHash: prev.get(companyId) ?? '',
    };
    const hash = hashEvent(e);
    prev.set(companyId, hash);
    audit.push({ ...e, hash });
  }
  const { schemaVersion: _, ...rest } = storeWith(company('acme'), company('beta'));
  const text = JSON.stringify({ schemaVersion: 1, ...rest, audit }, null, 2);
  return { text, audit };
}

describe('a schema 1 file (the audit trail inside it)', () => {
  it('is converted on open: the trail moves to the audit log, each company keeps its chain head', async () => {
    const { text, audit } = schemaOne();
    await writeFile(file, text);
    const store = await openJsonFileStore({ file });
    // The schema-1 file stays beside the new snapshot until the next snapshot replaces it.
    expect(await readFile(`${file}.bak`, 'utf8')).toBe(text);
    expect(JSON.parse(await readFile(file, 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
    expect(await store.read((d) => d.companies.map((c) => [c.id, c.auditHead]))).toEqual([
      ['acme', { seq: 3, hash: audit[2]?.hash, count: 2 }],
      ['beta', { seq: 2, hash: audit[1]?.hash, count: 1 }],
    ]);
    expect(await store.audit.verify('acme')).toEqual({ ok: true, events: 2 });
    expect(await store.audit.verify('beta')).toEqual({ ok: true, events: 1 });
    const acme = await store.audit.list('acme', { limit: 10, offset: 0 });
    expect(acme.events.map((e) => e.seq)).toEqual([3, 1]);
    // The next event continues the company's chain from its head.
    await store.transaction((_d, tx) => {
      tx.audit({
        companyId: 'acme',
        at: AT,
        actor: 'x',
        chat: 'console',
        action: 'a',
        target: 't',
        before: null,
        after: null,
      });
      return commit(null);
    });
    expect(await store.audit.verify('acme')).toEqual({ ok: true, events: 3 });
    await store.close();
  });

  it('written before conversations were kept, loads with none', async () => {
    const text = JSON.stringify({ schemaVersion: 1, companies: [], audit: [], seen: {} });
    await writeFile(file, text);
    const store = await openJsonFileStore({ file });
    expect(await store.read((d) => d.conversations)).toEqual([]);
    await store.close();
  });

  it('restored from the .bak later converts again, without doubling the audit log', async () => {
    const { text } = schemaOne();
    await writeFile(file, text);
    const first = await openJsonFileStore({ file });
    await first.transaction(addSeen('after'));
    await first.close();
    await writeFile(file, text);
    const again = await openJsonFileStore({ file });
    expect(await again.audit.verify('acme')).toEqual({ ok: true, events: 2 });
    await again.close();
  });
});

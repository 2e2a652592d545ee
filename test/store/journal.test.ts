// The JSON store's journal: one line per commit, torn lines dropped, bad lines refused, compaction that keeps
// the .bak complete, and writes that fail changing nothing.

import type { FileHandle } from 'node:fs/promises';
import { chmod, copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreData } from '../../src/domain/schemas.ts';
import { markSeen, seenKeys } from '../../src/domain/seen.ts';
import { nodeStoreFs, type StoreFs } from '../../src/store/durable-write.ts';
import { StoreWriteError } from '../../src/store/errors.ts';
import { openJsonFileStore, StoreOpenError } from '../../src/store/json-file-store.ts';
import { commit, type Store, type Tx } from '../../src/store/store.ts';
import { AT, company, snapshotText, storeWith } from './fixtures.ts';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journal-'));
  file = join(dir, 'db.json');
  await writeFile(file, snapshotText(storeWith(company())));
});
afterEach(async () => {
  await chmod(dir, 0o700).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

const journal = () => readFile(`${file}.journal`, 'utf8');
const auditLog = () => readFile(`${file}.audit.jsonl`, 'utf8');
const listDir = async () => (await readdir(dir)).sort();

/** Adds a seen key and an audit event: a change with something in each part of a journal line. */
const change = (key: string) => (d: StoreData, tx: Tx) => {
  markSeen(d.seen, key, AT);
  tx.audit({
    companyId: 'acme',
    at: AT,
    actor: 'ana@example.com',
    chat: 'console',
    action: 'test',
    target: key,
    before: null,
    after: null,
  });
  return commit(key);
};
const seen = (store: Store) => store.read((d) => seenKeys(d.seen));

describe('a commit', () => {
  it('appends one line to the journal and leaves the snapshot as it was', async () => {
    const before = await readFile(file, 'utf8');
    const store = await openJsonFileStore({ file });
    await store.transaction(change('a'));
    await store.transaction(change('b'));
    const lines = (await journal()).trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).seq)).toEqual([1, 2]);
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({
      changes: { seen: { put: { b: AT }, del: [] } },
      audit: [{ seq: 2, target: 'b' }],
    });
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await auditLog()).trimEnd().split('\n')).toHaveLength(2);
    await store.close();
  });

  it('concurrent transactions share one append and one fsync (group commit)', async () => {
    let fsyncs = 0;
    const store = await openJsonFileStore({
      file,
      fs: {
        fsync: (h) => {
          fsyncs++;
          return nodeStoreFs.fsync(h);
        },
      },
    });
    await store.transaction(change('first'));
    const afterFirst = fsyncs;
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.transaction(change(`k${i}`))));
    expect(fsyncs - afterFirst).toBeLessThanOrEqual(2);
    expect(await seen(store)).toHaveLength(21);
    await store.close();
  });
});

describe('opening after a crash', () => {
  it('drops a torn last line (never acknowledged) and cuts the journal back to the lines before it', async () => {
    const store = await openJsonFileStore({ file });
    await store.transaction(change('a'));
    await store.transaction(change('b'));
    // As if killed: the files stay as they are, and a third line was half written.
    const whole = await journal();
    await writeFile(`${file}.journal`, `${whole}{"seq":3,"changes":{"seen":{"put":{"c"`);
    await copyFile(file, `${file}.copy`);
    await store.close();
    await copyFile(`${file}.copy`, file);
    await writeFile(`${file}.journal`, `${whole}{"seq":3,"changes":{"seen":{"put":{"c"`);
    await writeFile(`${file}.audit.jsonl`, '');
    const again = await openJsonFileStore({ file });
    expect(await seen(again)).toEqual(['a', 'b']);
    expect(await journal()).toBe(whole);
    // The audit events come back from the journal.
    expect(await again.audit.verify('acme')).toEqual({ ok: true, events: 2 });
    await again.transaction(change('c'));
    expect(
      (await journal())
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).seq),
    ).toEqual([1, 2, 3]);
    await again.close();
  });

  it('refuses a line that is not JSON before the last one, naming the journal line, and changes no file', async () => {
    const lines = ['not json', JSON.stringify({ seq: 1, changes: {}, audit: [] })];
    await writeFile(`${file}.journal`, `${lines.join('\n')}\n`);
    const before = await listDir();
    const error = await openJsonFileStore({ file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreOpenError);
    const message = (error as StoreOpenError).message;
    expect(message).toContain(`line 1 of its journal ${file}.journal is not valid`);
    expect(message).toContain(`mv ${file}.journal ${file}.journal.broken`);
    expect(await listDir()).toEqual(before);
    expect(await journal()).toBe(`${lines.join('\n')}\n`);
  });

  it('refuses a line whose change would not read back, naming the entity and field', async () => {
    const member = { ...company().members[0], name: 'x'.repeat(101) };
    const line = {
      seq: 1,
      changes: {
        companies: { put: [], patch: [{ id: 'acme', members: { put: [member], del: [] } }], del: [] },
      },
      audit: [],
    };
    await writeFile(`${file}.journal`, `${JSON.stringify(line)}\n`);
    const error = (await openJsonFileStore({ file }).catch((e: unknown) => e)) as StoreOpenError;
    expect(error.failure).toMatchObject({
      kind: 'invalid',
      field: 'companies[acme].members[ana@example.com].name',
    });
    expect(error.message).toContain('at most 100 characters');
  });

  it('refuses a journal with changes missing between the snapshot and its lines', async () => {
    await writeFile(`${file}.journal`, `${JSON.stringify({ seq: 2, changes: {}, audit: [] })}\n`);
    const error = (await openJsonFileStore({ file }).catch((e: unknown) => e)) as StoreOpenError;
    expect(error.message).toContain('change 1 comes next: changes are missing');
  });
});

describe('compaction', () => {
  it('past the threshold writes a new snapshot; the journal keeps what the .bak needs, so either is complete', async () => {
    const store = await openJsonFileStore({ file, compactBytes: 1 });
    await store.transaction(change('a'));
    await store.transaction(change('b'));
    await store.transaction(change('c'));
    await store.close();
    const snapshot = JSON.parse(await readFile(file, 'utf8'));
    expect(snapshot.journal.seq).toBe(3);
    expect(seenKeys(snapshot.seen)).toEqual(['a', 'b', 'c']);
    const bak = JSON.parse(await readFile(`${file}.bak`, 'utf8'));
    const kept = (await journal())
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l).seq);
    // Whatever the journal keeps follows the .bak's snapshot without a gap, up to the last change.
    expect(kept).toEqual(Array.from({ length: 3 - bak.journal.seq }, (_, i) => bak.journal.seq + 1 + i));
    // The .bak with the journal holds every change too.
    await copyFile(`${file}.bak`, file);
    const restored = await openJsonFileStore({ file });
    expect(await seen(restored)).toEqual(['a', 'b', 'c']);
    expect(await restored.audit.verify('acme')).toEqual({ ok: true, events: 3 });
    await restored.close();
  });

  it('on close, so the next start has no journal to replay, nor to read', async () => {
    const store = await openJsonFileStore({ file });
    await store.transaction(change('a'));
    await store.close();
    expect(JSON.parse(await readFile(file, 'utf8')).journal).toEqual({
      seq: 1,
      auditBytes: Buffer.byteLength(await auditLog()),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // The .bak is the same state, so the journal needs to keep nothing for it.
    expect(await journal()).toBe('');
    expect(await readFile(`${file}.bak`, 'utf8')).toBe(await readFile(file, 'utf8'));
    const again = await openJsonFileStore({ file });
    await again.transaction(change('b'));
    await again.close();
    const reopened = await openJsonFileStore({ file });
    expect(await seen(reopened)).toEqual(['a', 'b']);
    await reopened.close();
  });

  it('a close with nothing new leaves the files alone once the journal is empty', async () => {
    const store = await openJsonFileStore({ file });
    await store.transaction(change('a'));
    await store.close();
    const before = await stat(file);
    await (await openJsonFileStore({ file })).close();
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
  });

  it('fsyncs the folder after renaming the new snapshot into place', async () => {
    const calls: string[] = [];
    const opened = new Map<FileHandle, string>();
    const fs: Partial<StoreFs> = {
      open: async (path, flags, mode) => {
        const h = await nodeStoreFs.open(path, flags, mode);
        opened.set(h, path);
        return h;
      },
      fsync: (h) => {
        calls.push(`fsync ${opened.get(h) === dir ? 'folder' : 'file'}`);
        return nodeStoreFs.fsync(h);
      },
      rename: (from, to) => {
        calls.push(`rename to ${to === file ? 'db.json' : 'other'}`);
        return nodeStoreFs.rename(from, to);
      },
    };
    const store = await openJsonFileStore({ file, fs });
    await store.transaction(change('a'));
    calls.length = 0;
    await store.close();
    const renamed = calls.indexOf('rename to db.json');
    expect(renamed).toBeGreaterThanOrEqual(0);
    expect(calls.slice(renamed)).toContain('fsync folder');
  });
});

describe('a write that fails', () => {
  const injected = new Error('injected failure');
  const fail = () => Promise.reject(injected);

  for (const step of ['writeAll', 'fsync'] as const) {
    it(`at the journal's ${step}: rejects, keeps memory and disk as they were, and the next write works`, async () => {
      let armed = false;
      // Fails once, as a disk error would; cutting the journal back then works.
      const once = () => {
        const was = armed;
        armed = false;
        return was;
      };
      const fs: Partial<StoreFs> =
        step === 'writeAll'
          ? { writeAll: (h, t) => (once() ? fail() : nodeStoreFs.writeAll(h, t)) }
          : { fsync: (h) => (once() ? fail() : nodeStoreFs.fsync(h)) };
      const store = await openJsonFileStore({ file, fs });
      await store.transaction(change('kept'));
      const before = await journal();
      armed = true;
      const error = await store.transaction(change('lost')).catch((e: unknown) => e);
      armed = false;
      expect(error).toBeInstanceOf(StoreWriteError);
      expect((error as Error).message).toMatch(/Nothing was changed; try again/);
      expect(await seen(store)).toEqual(['kept']);
      expect(await journal()).toBe(before);
      await store.transaction(change('next'));
      expect(await seen(store)).toEqual(['kept', 'next']);
      await store.close();
      const again = await openJsonFileStore({ file });
      expect(await seen(again)).toEqual(['kept', 'next']);
      expect(await again.audit.verify('acme')).toEqual({ ok: true, events: 2 });
      await again.close();
    });
  }

  it('that cannot even be cut back stops every later write, with a message to restart', async () => {
    let armed = false;
    const store = await openJsonFileStore({
      file,
      fs: {
        fsync: (h) => (armed ? fail() : nodeStoreFs.fsync(h)),
        truncate: (h, n) => (armed ? fail() : nodeStoreFs.truncate(h, n)),
      },
    });
    armed = true;
    await expect(store.transaction(change('lost'))).rejects.toBeInstanceOf(StoreWriteError);
    armed = false;
    await expect(store.transaction(change('next'))).rejects.toThrow(/restart the bot/);
    expect(await seen(store)).toEqual([]);
    await store.close();
  });

  it('to the audit log after the journal: the change stands, writes stop, and a restart writes the events', async () => {
    const store = await openJsonFileStore({
      file,
      // Audit log lines start with the event's company; journal lines with their seq.
      fs: { writeAll: (h, t) => (t.startsWith('{"companyId"') ? fail() : nodeStoreFs.writeAll(h, t)) },
    });
    expect(await store.transaction(change('kept'))).toBe('kept');
    await expect(store.transaction(change('refused'))).rejects.toThrow(/audit log could not be written/);
    await store.close();
    const again = await openJsonFileStore({ file });
    expect(await seen(again)).toEqual(['kept']);
    expect(await again.audit.verify('acme')).toEqual({ ok: true, events: 1 });
    await again.close();
  });

  for (const step of ['open', 'writeAll', 'fsync', 'link', 'rename'] as const) {
    it(`while compacting, at ${step}: close says so, and the journal keeps every change`, async () => {
      let armed = false;
      const when = (real: () => Promise<void>) => (armed ? fail() : real());
      const fs: Partial<StoreFs> = {
        open: (p, f, m) => (armed && step === 'open' && f === 'wx' ? fail() : nodeStoreFs.open(p, f, m)),
        writeAll: (h, t) =>
          step === 'writeAll' ? when(() => nodeStoreFs.writeAll(h, t)) : nodeStoreFs.writeAll(h, t),
        fsync: (h) => (step === 'fsync' ? when(() => nodeStoreFs.fsync(h)) : nodeStoreFs.fsync(h)),
        link: (a, b) => (step === 'link' ? when(() => nodeStoreFs.link(a, b)) : nodeStoreFs.link(a, b)),
        rename: (a, b) =>
          step === 'rename' ? when(() => nodeStoreFs.rename(a, b)) : nodeStoreFs.rename(a, b),
      };
      const snapshotBefore = await readFile(file, 'utf8');
      const store = await openJsonFileStore({ file, fs });
      await store.transaction(change('a'));
      await store.transaction(change('b'));
      armed = true;
      await expect(store.close()).rejects.toThrow(/last snapshot failed .*the journal keeps every change/);
      armed = false;
      expect(await readFile(file, 'utf8')).toBe(snapshotBefore);
      expect((await listDir()).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      const again = await openJsonFileStore({ file });
      expect(await seen(again)).toEqual(['a', 'b']);
      expect(await again.audit.verify('acme')).toEqual({ ok: true, events: 2 });
      await again.close();
    });
  }
});

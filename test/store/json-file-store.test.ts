// The JSON-file store's own promises: creation, refusing bad files untouched, the lock, failed writes.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, type StoreData } from '../../src/domain/schemas.ts';
import { nodeStoreFs, type StoreFs } from '../../src/store/durable-write.ts';
import {
  describeLock,
  openJsonFileStore,
  StoreOpenError,
  type StoreOpenFailure,
} from '../../src/store/json-file-store.ts';
import { commit } from '../../src/store/store.ts';
import { asUnprivileged, giveToUnprivileged } from '../support/unprivileged.ts';
import { AT, company, storeWith } from './fixtures.ts';

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

const json = (data: unknown) => JSON.stringify(data, null, 2);
const listDir = async () => (await readdir(dir)).sort();

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
  d.seen[key] = AT;
  return commit(key);
};

describe('a missing store file', () => {
  it('is created with mode 0600 from the seed, and reads back after reopening', async () => {
    const nested = join(dir, 'data', 'db.json');
    const store = await openJsonFileStore({ file: nested, seed: () => storeWith(company()) });
    expect((await stat(nested)).mode & 0o777).toBe(0o600);
    expect(await store.read((d) => d.companies.map((c) => c.id))).toEqual(['acme']);
    expect(JSON.parse(await readFile(nested, 'utf8'))).toEqual(storeWith(company()));
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
      audit: [],
      seen: {},
      conversations: [],
      outbox: [],
    });
    await store.close();
  });
});

describe('an existing store file', () => {
  it('keeps committed data across a reopen and is set to mode 0600', async () => {
    await writeFile(file, json(storeWith(company())), { mode: 0o644 });
    const store = await openJsonFileStore({ file });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await store.transaction(addSeen('e1'));
    await store.close();
    const again = await openJsonFileStore({ file });
    expect(await again.read((d) => ({ seen: Object.keys(d.seen), companies: d.companies.length }))).toEqual({
      seen: ['e1'],
      companies: 1,
    });
    await again.close();
  });

  it('keeps the previous version as .bak after each write', async () => {
    const store = await openJsonFileStore({ file });
    await store.transaction(addSeen('first'));
    const afterFirst = await readFile(file);
    await store.transaction(addSeen('second'));
    expect(await readFile(`${file}.bak`)).toEqual(afterFirst);
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')).seen)).toEqual(['first', 'second']);
    expect(await listDir()).toEqual(['db.json', 'db.json.bak', 'db.json.lock']);
    await store.close();
  });

  it('removes temp files a crashed writer left behind', async () => {
    await writeFile(file, json(storeWith()));
    const leftover = `db.json.4242.123e4567-e89b-12d3-a456-426614174000.tmp`;
    await writeFile(join(dir, leftover), '{"half":');
    const store = await openJsonFileStore({ file });
    expect(await listDir()).toEqual(['db.json', 'db.json.lock']);
    await store.close();
  });
});

describe('a file that is not a valid store', () => {
  const valid = json(storeWith(company()));
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
      text: '{"schemaVersion": 1,, }',
      field: '(root)',
      says: /not valid JSON.*line 1, column 21/,
    },
    { name: 'null', text: 'null', field: '(root)', says: /object/ },
    { name: '{}', text: '{}', field: 'schemaVersion', says: /field schemaVersion/ },
    {
      name: 'a member with a bad email',
      text: json(badEmail),
      field: 'companies.0.members.0.email',
      says: /email/,
    },
    {
      name: 'a newer schemaVersion',
      text: json({ ...storeWith(), schemaVersion: SCHEMA_VERSION + 1 }),
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
    await writeFile(file, '{"schemaVersion": 1, "companies": [');
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

function runChild(target: string, mode?: 'hold'): { child: ChildProcess; firstLine: Promise<string> } {
  const script = join(import.meta.dirname, 'open-in-child.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, target, ...(mode ? [mode] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (!child.stdout) throw new Error('the child has no stdout pipe');
  const lines = createInterface({ input: child.stdout });
  const firstLine = once(lines, 'line').then(([line]) => String(line));
  return { child, firstLine };
}

/** A pid that certainly belonged to a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  if (child.pid === undefined) throw new Error('could not spawn');
  return child.pid;
}

describe('one owner process', () => {
  it('refuses a second process while this one holds the store', async () => {
    const store = await openJsonFileStore({ file });
    expect(describeLock(file)).toEqual({ pid: process.pid });
    const { child, firstLine } = runChild(file);
    const report = JSON.parse(await firstLine);
    await once(child, 'exit');
    expect(report.opened).toBe(false);
    expect(report.lockHolder).toEqual({ pid: process.pid });
    expect(report.failure).toMatchObject({ kind: 'in-use', file, pid: process.pid });
    expect(report.failure.message).toContain(`in use by process ${process.pid}`);
    await store.close();
    expect(describeLock(file)).toBeNull();
    expect(await listDir()).toEqual(['db.json']);
  });

  it('is refused while another process holds it, and takes over once that process is killed', async () => {
    const { child, firstLine } = runChild(file, 'hold');
    try {
      expect(JSON.parse(await firstLine)).toMatchObject({ opened: true, pid: child.pid });
      expect(await openFailure()).toMatchObject({ kind: 'in-use', pid: child.pid });
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit').catch(() => undefined);
    }
    expect(describeLock(file)).toBeNull();
    const store = await openJsonFileStore({ file });
    expect(describeLock(file)).toEqual({ pid: process.pid });
    await store.close();
  });

  it('refuses a second open in the same process', async () => {
    const store = await openJsonFileStore({ file });
    const failure = await openFailure();
    expect(failure).toMatchObject({ kind: 'in-use', pid: process.pid });
    expect(await store.read((d) => d.schemaVersion)).toBe(SCHEMA_VERSION);
    await store.close();
  });

  it('takes over a stale lock left by a dead process', async () => {
    const pid = await deadPid();
    await writeFile(`${file}.lock`, JSON.stringify({ pid, startedAt: AT }));
    expect(describeLock(file)).toBeNull();
    const store = await openJsonFileStore({ file });
    expect(JSON.parse(await readFile(`${file}.lock`, 'utf8')).pid).toBe(process.pid);
    await store.close();
    expect(await listDir()).toEqual(['db.json']);
  });

  it('takes over a lock naming its own pid that an earlier process with that pid left', async () => {
    await writeFile(`${file}.lock`, JSON.stringify({ pid: process.pid, startedAt: AT }));
    expect(describeLock(file)).toBeNull();
    const store = await openJsonFileStore({ file });
    expect(describeLock(file)).toEqual({ pid: process.pid });
    await store.close();
    expect(await listDir()).toEqual(['db.json']);
  });

  it('takes over a lock file with unreadable content', async () => {
    await writeFile(`${file}.lock`, '');
    const store = await openJsonFileStore({ file });
    expect(describeLock(file)).toEqual({ pid: process.pid });
    await store.close();
  });

  it('releases the lock when opening fails', async () => {
    await writeFile(file, '{}');
    await openFailure();
    expect(await listDir()).toEqual(['db.json']);
  });

  it('leaves a lock that is no longer its own on close', async () => {
    const store = await openJsonFileStore({ file });
    const other = JSON.stringify({ pid: 1, startedAt: AT });
    await writeFile(`${file}.lock`, other);
    await store.close();
    expect(await readFile(`${file}.lock`, 'utf8')).toBe(other);
  });
});

describe('a write that fails', () => {
  const injected = new Error('injected failure');
  const steps = ['open', 'writeAll', 'fsync', 'link', 'rename over .bak', 'rename over the file'] as const;
  type Step = (typeof steps)[number];

  /** The real filesystem calls, except that `step` rejects while `armed()` says so. */
  function failingAt(step: Step, armed: () => boolean): Partial<StoreFs> {
    const real = nodeStoreFs;
    const fail = () => Promise.reject(injected);
    switch (step) {
      case 'open':
        return { open: (path, flags, mode) => (armed() ? fail() : real.open(path, flags, mode)) };
      case 'writeAll':
        return { writeAll: (handle, text) => (armed() ? fail() : real.writeAll(handle, text)) };
      case 'fsync':
        return { fsync: (handle) => (armed() ? fail() : real.fsync(handle)) };
      case 'link':
        return { link: (from, to) => (armed() ? fail() : real.link(from, to)) };
      case 'rename over .bak':
      case 'rename over the file': {
        const target = step === 'rename over .bak' ? `${file}.bak` : file;
        return { rename: (from, to) => (armed() && to === target ? fail() : real.rename(from, to)) };
      }
    }
  }

  for (const step of steps) {
    it(`at ${step}: rejects, keeps memory and disk as they were, and the next write works`, async () => {
      let armed = false;
      const store = await openJsonFileStore({ file, fs: failingAt(step, () => armed) });
      await store.transaction(addSeen('kept'));
      await store.transaction(addSeen('kept too'));
      const before = await readFile(file);
      const backupBefore = await readFile(`${file}.bak`);
      armed = true;
      await expect(store.transaction(addSeen('lost'))).rejects.toBe(injected);
      expect(await store.read((d) => Object.keys(d.seen))).toEqual(['kept', 'kept too']);
      expect(await readFile(file)).toEqual(before);
      // The .bak is either untouched or already the current file: a good copy either way.
      expect([backupBefore, before]).toContainEqual(await readFile(`${file}.bak`));
      expect(await listDir()).toEqual(['db.json', 'db.json.bak', 'db.json.lock']);
      armed = false;
      await store.transaction(addSeen('next'));
      expect(await store.read((d) => Object.keys(d.seen))).toEqual(['kept', 'kept too', 'next']);
      expect(Object.keys(JSON.parse(await readFile(file, 'utf8')).seen)).toEqual([
        'kept',
        'kept too',
        'next',
      ]);
      await store.close();
    });
  }

  it('in a read-only folder, for real: run as an unprivileged user (root ignores permission bits)', async () => {
    await giveToUnprivileged(dir);
    const run = asUnprivileged(process.execPath, [
      '--import',
      'tsx',
      fileURLToPath(new URL('./read-only-folder-child.ts', import.meta.url)),
      file,
    ]);
    const r = spawnSync(run.cmd, run.args, {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    });
    expect(r.stderr).toBe('');
    const seen = JSON.parse(r.stdout);
    expect(seen).toMatchObject({
      refused: 'EACCES',
      seenAfterRefusal: ['kept'],
      fileUnchanged: true,
      seenAtEnd: ['kept', 'next'],
    });
  });
});

describe('schema 1 files written before conversations were kept', () => {
  it('load with no conversations, and are not rewritten by opening', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'store-old-'));
    const old = join(dir, 'db.json');
    const text = JSON.stringify({ schemaVersion: SCHEMA_VERSION, companies: [], audit: [], seen: {} });
    await writeFile(old, text);
    const store = await openJsonFileStore({ file: old });
    expect(await store.read((d) => d.conversations)).toEqual([]);
    await store.close();
    expect(await readFile(old, 'utf8')).toBe(text);
    await rm(dir, { recursive: true, force: true });
  });
});

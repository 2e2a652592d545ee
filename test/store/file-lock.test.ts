// One owner process: the lock names pid, host and boot; only a lock of this host and boot is judged by its pid.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SCHEMA_VERSION } from '../../src/domain/schemas.ts';
import { acquireLock, HEARTBEAT_MS, here, STALE_AFTER_MS } from '../../src/store/file-lock.ts';
import {
  describeLock,
  openJsonFileStore,
  StoreOpenError,
  type StoreOpenFailure,
} from '../../src/store/json-file-store.ts';
import { AT } from './fixtures.ts';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lock-'));
  file = join(dir, 'db.json');
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

const listDir = async () => (await readdir(dir)).sort();
const STORE_FILES = ['db.json', 'db.json.audit.jsonl', 'db.json.journal'];

async function openFailure(): Promise<StoreOpenFailure> {
  const error: unknown = await openJsonFileStore({ file }).then(
    async (store) => {
      await store.close();
      throw new Error('expected the store to refuse to open');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof StoreOpenError)) throw error;
  return error.failure;
}

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

/** Writes a lock as another owner would have, touched `ageMs` ago. */
async function lockOf(owner: Record<string, unknown>, ageMs = 0) {
  const path = `${file}.lock`;
  await writeFile(path, JSON.stringify({ startedAt: AT, ...owner }));
  const when = new Date(Date.now() - ageMs);
  await utimes(path, when, when);
}

const me = { pid: process.pid, host: here.host };

describe('one owner process', () => {
  it('refuses a second process while this one holds the store', async () => {
    const store = await openJsonFileStore({ file });
    expect(describeLock(file)).toEqual(me);
    const { child, firstLine } = runChild(file);
    const report = JSON.parse(await firstLine);
    await once(child, 'exit');
    expect(report.opened).toBe(false);
    expect(report.lockHolder).toEqual(me);
    expect(report.failure).toMatchObject({ kind: 'in-use', file, pid: process.pid });
    expect(report.failure.message).toContain(`in use by process ${process.pid}`);
    expect(report.failure.message).toContain('The JSON store allows one replica only');
    await store.close();
    expect(describeLock(file)).toBeNull();
    expect(await listDir()).toEqual(STORE_FILES);
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
    expect(describeLock(file)).toEqual(me);
    await store.close();
  });

  it('refuses a second open in the same process', async () => {
    const store = await openJsonFileStore({ file });
    const failure = await openFailure();
    expect(failure).toMatchObject({ kind: 'in-use', pid: process.pid });
    expect(failure.message).toContain('that is this very process');
    expect(await store.read((d) => d.schemaVersion)).toBe(SCHEMA_VERSION);
    await store.close();
  });

  it('records pid, hostname and boot id in the lock', async () => {
    const store = await openJsonFileStore({ file });
    expect(JSON.parse(await readFile(`${file}.lock`, 'utf8'))).toMatchObject({
      pid: process.pid,
      host: here.host,
      bootId: here.bootId,
    });
    await store.close();
  });

  it('takes over a lock of this host and boot left by a dead process', async () => {
    await lockOf({ pid: await deadPid(), host: here.host, bootId: here.bootId });
    expect(describeLock(file)).toBeNull();
    const store = await openJsonFileStore({ file });
    expect(JSON.parse(await readFile(`${file}.lock`, 'utf8')).pid).toBe(process.pid);
    await store.close();
  });

  it('takes over a lock naming its own pid that an earlier process of this host and boot left', async () => {
    await lockOf({ pid: process.pid, host: here.host, bootId: here.bootId });
    expect(describeLock(file)).toBeNull();
    const store = await openJsonFileStore({ file });
    expect(describeLock(file)).toEqual(me);
    await store.close();
  });

  const foreign = [
    { name: 'another host', owner: { host: 'other-host', bootId: here.bootId } },
    { name: 'another boot of this host', owner: { host: here.host, bootId: 'another-boot' } },
    { name: 'a version that named no host', owner: {} },
  ];
  for (const f of foreign) {
    it(`never takes over a refreshed lock of ${f.name} by its pid, even a pid dead here (both may be pid 1)`, async () => {
      await lockOf({ pid: await deadPid(), ...f.owner });
      const failure = await openFailure();
      expect(failure.kind).toBe('in-use');
      if (f.owner.host === 'other-host') expect(failure.message).toContain('on host other-host');
      expect(failure.message).toContain(`not been refreshed for ${STALE_AFTER_MS / 1000} seconds`);
      expect(await listDir()).toEqual(['db.json.lock']);
    });

    it(`takes over a lock of ${f.name} nobody refreshed for ${STALE_AFTER_MS / 1000} seconds`, async () => {
      await lockOf({ pid: 1, ...f.owner }, STALE_AFTER_MS + 1000);
      const store = await openJsonFileStore({ file });
      expect(describeLock(file)).toEqual(me);
      await store.close();
    });
  }

  it('takes over a lock file with unreadable content', async () => {
    await writeFile(`${file}.lock`, '');
    const store = await openJsonFileStore({ file });
    expect(describeLock(file)).toEqual(me);
    await store.close();
  });

  it('releases the lock when opening fails', async () => {
    await writeFile(file, '{}');
    await openFailure();
    expect(await listDir()).toEqual(['db.json']);
  });

  it('leaves a lock that is no longer its own on close', async () => {
    const store = await openJsonFileStore({ file });
    const other = JSON.stringify({ pid: 1, host: 'other-host', bootId: 'x', startedAt: AT });
    await writeFile(`${file}.lock`, other);
    await store.close();
    expect(await readFile(`${file}.lock`, 'utf8')).toBe(other);
  });
});

describe('a held lock', () => {
  /** Lets the heartbeat's file reads finish. */
  const settle = async () => {
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
  };

  it('is refreshed while held, so other hosts see its owner is alive', async () => {
    vi.useFakeTimers({ toFake: ['setInterval'] });
    const lock = await acquireLock(file);
    const old = new Date(Date.now() - 60_000);
    await utimes(`${file}.lock`, old, old);
    vi.advanceTimersByTime(HEARTBEAT_MS);
    const touched = async () => (await stat(`${file}.lock`)).mtimeMs > old.getTime() + 30_000;
    for (let i = 0; i < 20 && !(await touched()); i++) await settle();
    expect(await touched()).toBe(true);
    expect(lock.lost()).toBeNull();
    await lock.release();
  });

  it('notices when another process took it over, and says so', async () => {
    vi.useFakeTimers({ toFake: ['setInterval'] });
    const lock = await acquireLock(file);
    await writeFile(
      `${file}.lock`,
      JSON.stringify({ pid: 1, host: 'other-host', bootId: 'x', startedAt: AT }),
    );
    vi.advanceTimersByTime(HEARTBEAT_MS);
    for (let i = 0; i < 20 && lock.lost() === null; i++) await settle();
    expect(lock.lost()).toMatch(/taken over by another process/);
    await lock.release();
  });
});

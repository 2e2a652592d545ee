// The one-owner lock beside a store file: `${file}.lock`, created with O_EXCL, naming the owner's pid.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inUseFailure, ioFailure, StoreOpenError } from './load-errors.ts';

type LockInfo = { pid: number; startedAt: string };

export interface FileLock {
  /** Removes the lock file, but only while it is still ours. */
  release(): Promise<void>;
}

export const lockPathOf = (file: string) => `${file}.lock`;

/**
 * Locks this process holds. A lock naming our own pid that is not in here was left by an earlier
 * process that had the same pid (common in containers, where pids restart from 1), so it is stale.
 */
const heldHere = new Set<string>();

const holdsIt = (path: string, pid: number) =>
  pid === process.pid ? heldHere.has(resolve(path)) : isAlive(pid);

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** Signal 0 only checks existence; EPERM means the process exists but belongs to someone else. */
export function isAlive(pid: number): boolean {
  // 0 and negative pids address process groups, never one owner.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

function parseLock(text: string): LockInfo | null {
  try {
    const raw: unknown = JSON.parse(text);
    if (typeof raw !== 'object' || raw === null || !('pid' in raw) || typeof raw.pid !== 'number')
      return null;
    const startedAt = 'startedAt' in raw && typeof raw.startedAt === 'string' ? raw.startedAt : '';
    return { pid: raw.pid, startedAt };
  } catch {
    return null;
  }
}

/** Who holds the store's lock now (a live pid), or null when nobody does. */
export function describeLock(file: string): { pid: number } | null {
  let text: string;
  try {
    text = readFileSync(lockPathOf(file), 'utf8');
  } catch {
    return null;
  }
  const info = parseLock(text);
  return info && holdsIt(lockPathOf(file), info.pid) ? { pid: info.pid } : null;
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}

/** Creates the lock file exclusively; false when one already exists. */
async function createExclusive(path: string, text: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    await handle.close();
    return true;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw error;
  }
}

/**
 * Removes a lock judged stale. It is first moved aside and re-checked, so that when two processes
 * take over the same stale lock at once, the slower one does not delete the faster one's new lock.
 */
async function removeStale(path: string, staleText: string): Promise<void> {
  const aside = `${path}.${process.pid}.${randomUUID()}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  if ((await readText(aside)) !== staleText) {
    await link(aside, path).catch(() => undefined);
  }
  await unlink(aside);
}

const ATTEMPTS = 6;
/** A lock file is empty for the instant between its creation and its write; give that a moment. */
const UNREADABLE_GRACE_MS = 50;

/** Takes the lock for `file` or throws a StoreOpenError ('in-use' when a live process holds it). */
export async function acquireLock(file: string): Promise<FileLock> {
  const path = lockPathOf(file);
  const mine = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() } satisfies LockInfo);
  try {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      if (await createExclusive(path, mine)) {
        heldHere.add(resolve(path));
        return { release: () => releaseIfMine(path, mine) };
      }
      const text = await readText(path);
      if (text === null) continue;
      const holder = parseLock(text);
      if (holder && holdsIt(path, holder.pid)) throw new StoreOpenError(inUseFailure(file, holder.pid));
      if (!holder && attempt < 3) {
        await sleep(UNREADABLE_GRACE_MS);
        continue;
      }
      await removeStale(path, text);
    }
  } catch (error) {
    if (error instanceof StoreOpenError) throw error;
    throw new StoreOpenError(ioFailure(file, `taking the lock ${path}`, error));
  }
  throw new StoreOpenError(
    ioFailure(file, `taking the lock ${path}`, new Error('other processes kept taking it; try again')),
  );
}

async function releaseIfMine(path: string, mine: string): Promise<void> {
  heldHere.delete(resolve(path));
  if ((await readText(path)) !== mine) return;
  await unlink(path).catch((error: unknown) => {
    if (errorCode(error) !== 'ENOENT') throw error;
  });
}

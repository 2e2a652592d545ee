// The one-owner lock beside a store file: `${file}.lock`, created with O_EXCL, naming the owner's pid, host and
// boot, and refreshed while held. Only a lock of this host and boot is judged by its pid; any other only by
// whether its owner still refreshes it (two containers on one volume may both be pid 1).
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { link, open, readFile, rename, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inUseFailure, ioFailure, LOCK_STALE_AFTER_MS, StoreOpenError } from './load-errors.ts';

type LockInfo = { pid: number; host: string; bootId: string; startedAt: string };

export interface FileLock {
  /** Why the lock is no longer ours (another process took it over), or null while it is. */
  lost(): string | null;
  /** Removes the lock file, but only while it is still ours. */
  release(): Promise<void>;
}

export const lockPathOf = (file: string) => `${file}.lock`;

/** How often a held lock is touched, and how long without a touch makes a foreign lock stale. */
export const HEARTBEAT_MS = 5_000;
export const STALE_AFTER_MS = LOCK_STALE_AFTER_MS;

function readBootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
}

/** This machine as a lock names it; tests may pretend to be another one. */
export const here = { host: hostname(), bootId: readBootId() };

/**
 * Locks this process holds. A lock naming our own pid that is not in here was left by an earlier
 * process that had the same pid (common in containers, where pids restart from 1), so it is stale.
 */
const heldHere = new Set<string>();

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
    const str = (k: string) => {
      const v = (raw as Record<string, unknown>)[k];
      return typeof v === 'string' ? v : '';
    };
    return { pid: raw.pid, host: str('host'), bootId: str('bootId'), startedAt: str('startedAt') };
  } catch {
    return null;
  }
}

const sameMachine = (info: LockInfo) =>
  info.host !== '' && info.host === here.host && info.bootId === here.bootId;

/** Whether the lock at `path` (last touched at `touchedMs`) belongs to a process that still runs. */
function holdsIt(path: string, info: LockInfo, touchedMs: number): boolean {
  if (sameMachine(info)) return info.pid === process.pid ? heldHere.has(resolve(path)) : isAlive(info.pid);
  // Another host or boot (or a lock from before hosts were named): its pid means nothing here.
  return Date.now() - touchedMs < STALE_AFTER_MS;
}

const touchedAt = (path: string) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
};

/** Who holds the store's lock now, or null when nobody does (no lock, or a stale one). */
export function describeLock(file: string): { pid: number; host: string } | null {
  let text: string;
  try {
    text = readFileSync(lockPathOf(file), 'utf8');
  } catch {
    return null;
  }
  const info = parseLock(text);
  return info && holdsIt(lockPathOf(file), info, touchedAt(lockPathOf(file)))
    ? { pid: info.pid, host: info.host }
    : null;
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

/** Touches the lock while it is held, and notices when it is ours no longer. */
function heartbeat(path: string, mine: string, lost: (why: string) => void): () => void {
  const timer = setInterval(() => {
    void (async () => {
      const text = await readText(path).catch(() => null);
      if (text !== mine) {
        lost(`the lock ${path} was removed or taken over by another process`);
        clearInterval(timer);
        return;
      }
      const now = new Date();
      await utimes(path, now, now).catch(() => undefined);
    })();
  }, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Takes the lock for `file` or throws a StoreOpenError ('in-use' when a live process holds it). */
export async function acquireLock(file: string): Promise<FileLock> {
  const path = lockPathOf(file);
  const mine = JSON.stringify({
    pid: process.pid,
    host: here.host,
    bootId: here.bootId,
    startedAt: new Date().toISOString(),
  } satisfies LockInfo);
  try {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      if (await createExclusive(path, mine)) {
        heldHere.add(resolve(path));
        let lostWhy: string | null = null;
        const stop = heartbeat(path, mine, (why) => {
          lostWhy = why;
        });
        return {
          lost: () => lostWhy,
          release: () => {
            stop();
            return releaseIfMine(path, mine);
          },
        };
      }
      const text = await readText(path);
      if (text === null) continue;
      const holder = parseLock(text);
      if (holder && holdsIt(path, holder, touchedAt(path)))
        throw new StoreOpenError(
          inUseFailure(file, holder.pid, sameMachine(holder) ? undefined : holder.host),
        );
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

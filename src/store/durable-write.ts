// Atomic, durable replacement of a file, keeping the previous version beside it as `${file}.bak`.
import { randomUUID } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The filesystem calls a write makes; tests replace some of them to make a step fail. */
export interface StoreFs {
  open(path: string, flags: string, mode?: number): Promise<FileHandle>;
  writeAll(handle: FileHandle, text: string): Promise<void>;
  fsync(handle: FileHandle): Promise<void>;
  truncate(handle: FileHandle, length: number): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export const nodeStoreFs: StoreFs = {
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  writeAll: (handle, text) => handle.writeFile(text, 'utf8'),
  fsync: (handle) => handle.sync(),
  truncate: (handle, length) => handle.truncate(length),
  link: (existing, newPath) => fsp.link(existing, newPath),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
};

export const FILE_MODE = 0o600;

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** Unique per writer and per write, in the same folder so that rename stays atomic. */
export const tempPath = (file: string, suffix: string) => `${file}.${process.pid}.${randomUUID()}.${suffix}`;

const TEMP_NAME =
  /^(\.journal)?\.\d+\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(bak\.)?tmp$/;

/**
 * Replaces `file` with `text`: temp file (0600, fsynced), hard link of the current file renamed over
 * `${file}.bak`, temp renamed over `file`, folder fsynced. `file` exists at every moment. On failure
 * the temp files are removed and `file` keeps its old bytes.
 */
export async function writeDurably(file: string, text: string, fs: StoreFs = nodeStoreFs): Promise<void> {
  const temp = tempPath(file, 'tmp');
  const backupTemp = tempPath(file, 'bak.tmp');
  try {
    const handle = await fs.open(temp, 'wx', FILE_MODE);
    try {
      // The mode given to open is narrowed by the umask; the data file must be exactly 0600.
      await handle.chmod(FILE_MODE);
      await fs.writeAll(handle, text);
      await fs.fsync(handle);
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    await handle.close();
    if (await linkCurrent(file, backupTemp, fs)) await fs.rename(backupTemp, `${file}.bak`);
    await fs.rename(temp, file);
  } catch (error) {
    await Promise.all([temp, backupTemp].map((path) => fs.unlink(path).catch(() => undefined)));
    throw error;
  }
  await syncFolder(dirname(file), fs);
}

/** Links the current file to `to`; false when there is no current file yet (a brand-new store). */
async function linkCurrent(file: string, to: string, fs: StoreFs): Promise<boolean> {
  try {
    await fs.link(file, to);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Makes the renames themselves durable. By now the new file is in place and is what a restart
 * reads, so memory must follow it: a failure here is a warning, not a failed write.
 */
export async function syncFolder(folder: string, fs: StoreFs): Promise<void> {
  try {
    const handle = await fs.open(folder, 'r');
    try {
      await fs.fsync(handle);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.emitWarning(
      `Could not fsync the folder ${folder} after a store write: ${reason}`,
      'StoreWarning',
    );
  }
}

/** Removes temp files a crashed writer left; only safe while holding the store's lock. */
export async function removeLeftoverTemps(file: string): Promise<void> {
  const name = basename(file);
  const folder = dirname(file);
  const entries = await fsp.readdir(folder).catch(() => []);
  const leftovers = entries.filter(
    (entry) => entry.startsWith(name) && TEMP_NAME.test(entry.slice(name.length)),
  );
  await Promise.all(leftovers.map((entry) => fsp.unlink(join(folder, entry)).catch(() => undefined)));
}

// An append-only file of lines made durable by fsync (the JSON store's journal); a failed append is cut back.
import type { FileHandle } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import { dirname } from 'node:path';
import { FILE_MODE, type StoreFs, syncFolder, tempPath } from './durable-write.ts';
import { reasonOf, StoreWriteError } from './errors.ts';

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** The whole file, or null when there is none. */
export async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await fsp.readFile(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}

export class AppendFile {
  private constructor(
    readonly path: string,
    private handle: FileHandle,
    private length: number,
    private readonly fs: StoreFs,
  ) {}

  /** Opens (creating, 0600) for appending; the file is cut to `length` when given. */
  static async open(path: string, fs: StoreFs, length?: number): Promise<AppendFile> {
    const handle = await fs.open(path, 'a+', FILE_MODE);
    try {
      await handle.chmod(FILE_MODE);
      const size = (await handle.stat()).size;
      if (length !== undefined && length < size) await fs.truncate(handle, length);
      return new AppendFile(path, handle, Math.min(size, length ?? size), fs);
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  /** Bytes written (and not cut back). */
  get size(): number {
    return this.length;
  }

  /**
   * Appends `text`; with `durable`, fsyncs too. On failure the file is cut back to where it was and a
   * StoreWriteError is thrown; if even that fails, `broken` says so and every later append refuses.
   */
  async append(text: string, durable: boolean): Promise<void> {
    if (this.broken) throw new StoreWriteError(this.broken);
    const before = this.length;
    try {
      await this.fs.writeAll(this.handle, text);
      if (durable) await this.fs.fsync(this.handle);
      this.length += Buffer.byteLength(text);
    } catch (error) {
      try {
        await this.fs.truncate(this.handle, before);
        if (durable) await this.fs.fsync(this.handle);
      } catch (cut) {
        this.broken = `${this.path} could not be cut back after a failed write (${reasonOf(cut)}); restart the bot`;
      }
      throw new StoreWriteError(`writing ${this.path} failed: ${reasonOf(error)}`, { cause: error });
    }
  }

  broken: string | null = null;

  sync(): Promise<void> {
    return this.fs.fsync(this.handle);
  }

  /** Reads `length` bytes at `position` (the file may be growing meanwhile; those bytes are not). */
  async read(position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  }

  /**
   * Replaces the file by its bytes from `from` on: written beside it, fsynced, renamed over it, folder
   * fsynced. A crash at any moment leaves either the old file or the new one, whole.
   */
  async keepFrom(from: number): Promise<void> {
    const temp = tempPath(this.path, 'tmp');
    const tail = await this.read(from, this.length - from);
    const handle = await this.fs.open(temp, 'wx', FILE_MODE);
    try {
      await handle.chmod(FILE_MODE);
      await this.fs.writeAll(handle, tail.toString('utf8'));
      await this.fs.fsync(handle);
      await handle.close();
      await this.fs.rename(temp, this.path);
    } catch (error) {
      await handle.close().catch(() => undefined);
      await this.fs.unlink(temp).catch(() => undefined);
      throw error;
    }
    await syncFolder(dirname(this.path), this.fs);
    const old = this.handle;
    this.handle = await this.fs.open(this.path, 'a+', FILE_MODE);
    this.length = tail.length;
    await old.close().catch(() => undefined);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

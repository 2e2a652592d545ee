// The JSON-file Store: lowdb over a durable adapter, one owner process, refusing any file it cannot trust.
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { freeze } from 'immer';
import { type Adapter, Low } from 'lowdb';
import { emptyStoreData, type StoreData, StoreDataSchema } from '../domain/schemas.ts';
import { FILE_MODE, nodeStoreFs, removeLeftoverTemps, type StoreFs, writeDurably } from './durable-write.ts';
import { acquireLock } from './file-lock.ts';
import { invalidStoreFailure, ioFailure, parseStoreText, ROOT_FIELD, StoreOpenError } from './load-errors.ts';
import { storeOverLow } from './low-store.ts';
import type { Store } from './store.ts';

export type { StoreFs } from './durable-write.ts';
export { describeLock } from './file-lock.ts';
export { StoreOpenError, type StoreOpenFailure } from './load-errors.ts';

export interface JsonFileStoreOptions {
  file: string;
  /** The state of a brand-new store; defaults to an empty one. */
  seed?: () => StoreData;
  /** Internal: replaces filesystem calls of the write path, so tests can make a step fail. */
  fs?: Partial<StoreFs>;
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** Reads and validates the whole file (null when missing); writes it durably. Never edits a bad file. */
class DurableJsonAdapter implements Adapter<StoreData> {
  constructor(
    private readonly file: string,
    private readonly fs: StoreFs,
  ) {}

  async read(): Promise<StoreData | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw new StoreOpenError(ioFailure(this.file, 'reading the file', error));
    }
    const parsed = parseStoreText(text);
    if (parsed.ok) return parsed.data;
    throw new StoreOpenError(await invalidStoreFailure(this.file, parsed.field, parsed.problem));
  }

  write(data: StoreData): Promise<void> {
    return writeDurably(this.file, `${JSON.stringify(data, null, 2)}\n`, this.fs);
  }
}

async function createNew(
  file: string,
  adapter: DurableJsonAdapter,
  seed: () => StoreData,
): Promise<StoreData> {
  const parsed = StoreDataSchema.safeParse(seed());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : ROOT_FIELD;
    const message = `The seed for the new store ${file} is invalid at field ${field}: ${issue?.message}. Nothing was written.`;
    throw new StoreOpenError({ kind: 'invalid', file, field, message });
  }
  try {
    await adapter.write(parsed.data);
  } catch (error) {
    throw new StoreOpenError(ioFailure(file, 'creating the new store file', error));
  }
  return parsed.data;
}

async function step<T>(file: string, doing: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StoreOpenError) throw error;
    throw new StoreOpenError(ioFailure(file, doing, error));
  }
}

/**
 * Opens (or creates) the store file, owning it until `close()`. Rejects with a StoreOpenError when
 * another live process holds it, when the file is not a valid store, or on an I/O failure.
 */
export async function openJsonFileStore(opts: JsonFileStoreOptions): Promise<Store> {
  const { file } = opts;
  const fs: StoreFs = { ...nodeStoreFs, ...opts.fs };
  await step(file, `creating the folder ${dirname(file)}`, () => mkdir(dirname(file), { recursive: true }));
  const lock = await acquireLock(file);
  try {
    const adapter = new DurableJsonAdapter(file, fs);
    const existing = await adapter.read();
    if (existing) await step(file, 'setting the file mode to 0600', () => chmod(file, FILE_MODE));
    await removeLeftoverTemps(file);
    const data = existing ?? (await createNew(file, adapter, opts.seed ?? emptyStoreData));
    const db = new Low<StoreData>(adapter, freeze(data, true));
    return storeOverLow(db, () => lock.release());
  } catch (error) {
    await lock.release().catch(() => undefined);
    throw error;
  }
}

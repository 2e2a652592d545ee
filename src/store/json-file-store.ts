// The JSON-file Store: a lowdb snapshot, a journal of changes made durable by group commit, an append-only
// audit log; one owner process, refusing any file it cannot trust. The layout is described in docs/store.md.
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Adapter, Low } from 'lowdb';
import type { AuditEvent, StoreData } from '../domain/schemas.ts';
import { emptyStoreData, SCHEMA_VERSION, StoreDataSchema } from '../domain/schemas.ts';
import { AuditFile } from './audit-file.ts';
import { FILE_MODE, nodeStoreFs, removeLeftoverTemps, type StoreFs, writeDurably } from './durable-write.ts';
import { storeEngine } from './engine.ts';
import { acquireLock, type FileLock } from './file-lock.ts';
import { freezeState } from './freeze.ts';
import { AppendFile } from './journal.ts';
import { JsonPersistence } from './json-persistence.ts';
import {
  auditPathOf,
  invalidStoreFailure,
  ioFailure,
  journalPathOf,
  orphanFailure,
  parseStoreText,
  ROOT_FIELD,
  StoreOpenError,
} from './load-errors.ts';
import { replayJournal } from './replay.ts';
import { dataOf, type SnapshotDoc, snapshotOf, snapshotText } from './snapshot-format.ts';
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
  /** Journal bytes after the snapshot that start a compaction (default 4 MiB). */
  compactBytes?: number;
}

const DEFAULT_COMPACT_BYTES = 4 * 2 ** 20;
/** Events written to the audit log per append at open (a schema-1 trail may hold 100,000). */
const APPEND_BATCH = 5_000;

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** lowdb's adapter for the snapshot: reads and validates the whole file; writes it durably, compact. */
class SnapshotAdapter implements Adapter<SnapshotDoc> {
  found = false;
  /** The audit trail a schema-1 file held, to move into the audit log. */
  legacyAudit: AuditEvent[] | null = null;

  constructor(
    private readonly file: string,
    private readonly fs: StoreFs,
  ) {}

  async read(): Promise<SnapshotDoc | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw new StoreOpenError(ioFailure(this.file, 'reading the file', error));
    }
    this.found = true;
    const parsed = parseStoreText(text);
    if (!parsed.ok)
      throw new StoreOpenError(await invalidStoreFailure(this.file, parsed.field, parsed.problem));
    this.legacyAudit = parsed.legacyAudit;
    return parsed.doc;
  }

  write(doc: SnapshotDoc): Promise<void> {
    return writeDurably(this.file, snapshotText(doc), this.fs);
  }
}

async function step<T>(file: string, doing: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StoreOpenError) throw error;
    throw new StoreOpenError(ioFailure(file, doing, error));
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 0;
    throw error;
  }
}

/** A new store: the seed, checked; an empty journal and audit log, unless some are left from another store. */
async function createNew(file: string, db: Low<SnapshotDoc>, seed: () => StoreData): Promise<SnapshotDoc> {
  const orphans = [];
  for (const path of [journalPathOf(file), auditPathOf(file)])
    if ((await sizeOf(path)) > 0) orphans.push(path);
  if (orphans.length) throw new StoreOpenError(orphanFailure(file, orphans));
  const parsed = StoreDataSchema.safeParse(seed());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : ROOT_FIELD;
    const message = `The seed for the new store ${file} is invalid at field ${field}: ${issue?.message}. Nothing was written.`;
    throw new StoreOpenError({ kind: 'invalid', file, field, message });
  }
  db.data = snapshotOf(parsed.data, { seq: 0, auditBytes: 0 });
  await step(file, 'creating the new store file', () => db.write());
  return db.data;
}

/**
 * Opens (or creates) the store, owning its files until `close()`. Rejects with a StoreOpenError when
 * another live process holds it, when a file is not a valid store, or on an I/O failure.
 */
export async function openJsonFileStore(opts: JsonFileStoreOptions): Promise<Store> {
  const { file } = opts;
  const fs: StoreFs = { ...nodeStoreFs, ...opts.fs };
  await step(file, `creating the folder ${dirname(file)}`, () => mkdir(dirname(file), { recursive: true }));
  const lock: FileLock = await acquireLock(file);
  const opened: Array<{ close(): Promise<void> }> = [];
  try {
    const adapter = new SnapshotAdapter(file, fs);
    const db = new Low<SnapshotDoc>(adapter, snapshotOf(emptyStoreData(), { seq: 0, auditBytes: 0 }));
    await db.read();
    if (adapter.found) await step(file, 'setting the file mode to 0600', () => chmod(file, FILE_MODE));
    await removeLeftoverTemps(file);
    await removeLeftoverTemps(journalPathOf(file));
    if (!adapter.found) await createNew(file, db, opts.seed ?? emptyStoreData);

    // The journal is read and checked before any file is touched: a bad line leaves everything as it was.
    const journalText = await step(file, `reading the journal ${journalPathOf(file)}`, () =>
      readFile(journalPathOf(file)).catch((e: unknown) =>
        errorCode(e) === 'ENOENT' ? Buffer.alloc(0) : Promise.reject(e),
      ),
    );
    const mark = db.data.journal;
    const replayed = replayJournal(file, dataOf(db.data), mark.seq, journalText);

    const legacy = adapter.legacyAudit;
    const auditPath = auditPathOf(file);
    const found = await step(file, `reading the size of ${auditPath}`, () => sizeOf(auditPath));
    if (!legacy && found < mark.auditBytes)
      process.emitWarning(
        `The audit log ${auditPath} holds ${found} bytes, but the snapshot ${file} records ${mark.auditBytes}: audit events were lost from it, and audit verify will report the gap.`,
        'StoreWarning',
      );
    // Past the snapshot's mark lie events the journal writes again (or that were never acknowledged).
    const auditLog = await step(file, `opening the audit log ${auditPath}`, () =>
      AppendFile.open(auditPath, fs, legacy ? 0 : mark.auditBytes),
    );
    opened.push(auditLog);
    const audit = new AuditFile(auditLog);
    const events = [...(legacy ?? []), ...replayed.events];
    for (let i = 0; i < events.length; i += APPEND_BATCH)
      await step(file, `writing audit events to ${auditPath}`, () =>
        audit.append(events.slice(i, i + APPEND_BATCH)),
      );
    let snapshotSeq = mark.seq;
    let keepFrom = replayed.keepFrom;
    if (legacy) {
      // Schema 1 is converted: once the audit log holds the trail durably, a snapshot of schema 2 says so.
      await step(file, `converting ${file} to schema ${SCHEMA_VERSION}`, async () => {
        await auditLog.sync();
        db.data = snapshotOf(replayed.state, { seq: replayed.seq, auditBytes: auditLog.size });
        await db.write();
      });
      snapshotSeq = replayed.seq;
      keepFrom = replayed.validBytes;
    }
    const journal = await step(file, `opening the journal ${journalPathOf(file)}`, () =>
      AppendFile.open(journalPathOf(file), fs, replayed.validBytes),
    );
    opened.push(journal);

    const state = freezeState(replayed.state);
    const persistence = new JsonPersistence({
      db,
      journal,
      audit,
      state,
      seq: replayed.seq,
      snapshotSeq,
      keepFrom,
      compactBytes: opts.compactBytes ?? DEFAULT_COMPACT_BYTES,
      lockLost: () => lock.lost(),
      release: () => lock.release(),
    });
    return storeEngine(state, persistence);
  } catch (error) {
    for (const f of opened) await f.close().catch(() => undefined);
    await lock.release().catch(() => undefined);
    throw error;
  }
}

// How the JSON store makes a group of transactions durable (one journal append, one fsync), and how it
// compacts the journal into a new snapshot off the request path.
import type { Low } from 'lowdb';
import type { StoreData } from '../domain/schemas.ts';
import type { AuditFile } from './audit-file.ts';
import type { Committed, Persistence } from './engine.ts';
import { reasonOf, StoreWriteError } from './errors.ts';
import type { AppendFile } from './journal.ts';
import { type SnapshotDoc, snapshotOf } from './snapshot-format.ts';

export type JsonPersistenceInit = {
  db: Low<SnapshotDoc>;
  journal: AppendFile;
  audit: AuditFile;
  /** The state after the journal's last line. */
  state: StoreData;
  /** The journal's last line. */
  seq: number;
  /** The last line the snapshot (db.json) holds. */
  snapshotSeq: number;
  /** Where, in the journal, the first line after the snapshot starts. */
  keepFrom: number;
  compactBytes: number;
  /** Why the store's lock is no longer ours, if it is not: then nothing more is written. */
  lockLost(): string | null;
  release(): Promise<void>;
};

const warn = (message: string) => process.emitWarning(message, 'StoreWarning');

export class JsonPersistence implements Persistence {
  readonly audit: AuditFile;
  private readonly db: Low<SnapshotDoc>;
  private readonly journal: AppendFile;
  private state: StoreData;
  private seq: number;
  private snapshotSeq: number;
  private keepFrom: number;
  private readonly compactBytes: number;
  private readonly release: () => Promise<void>;
  private readonly lockLost: () => string | null;
  /** Journal appends and the journal's rotation take turns. */
  private turn: Promise<unknown> = Promise.resolve();
  private compacting: Promise<void> | null = null;
  /** Set when the audit log could not take events the journal holds: writes stop until a restart. */
  private auditBroken: string | null = null;

  constructor(init: JsonPersistenceInit) {
    this.db = init.db;
    this.journal = init.journal;
    this.audit = init.audit;
    this.state = init.state;
    this.seq = init.seq;
    this.snapshotSeq = init.snapshotSeq;
    this.keepFrom = init.keepFrom;
    this.compactBytes = init.compactBytes;
    this.release = init.release;
    this.lockLost = init.lockLost;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.turn.then(fn);
    this.turn = run.catch(() => undefined);
    return run;
  }

  persist(group: readonly Committed[]): Promise<void> {
    return this.exclusive(async () => {
      if (this.auditBroken) throw new StoreWriteError(this.auditBroken);
      const lost = this.lockLost();
      if (lost)
        throw new StoreWriteError(
          `${lost}; two processes must never write one store, so this one stops writing`,
        );
      const lines = group
        .map((c, i) => `${JSON.stringify({ seq: this.seq + 1 + i, changes: c.changes, audit: c.events })}\n`)
        .join('');
      await this.journal.append(lines, true);
      // Durable from here on: whatever happens next, the group is committed.
      this.seq += group.length;
      this.state = (group.at(-1) as Committed).next;
      const events = group.flatMap((c) => c.events);
      if (events.length)
        await this.audit.append(events).catch((error: unknown) => {
          this.auditBroken = `the audit log could not be written (${reasonOf(error)}); the journal keeps the events, and a restart writes them`;
          warn(this.auditBroken);
        });
      if (!this.compacting && this.journal.size - this.keepFrom >= this.compactBytes)
        this.compacting = this.compact()
          .catch((error: unknown) => warn(`Compacting the store journal failed: ${reasonOf(error)}`))
          .finally(() => {
            this.compacting = null;
          });
    });
  }

  /**
   * A new snapshot of the last durable state, then a shorter journal. The journal keeps the lines after
   * the previous snapshot, which becomes db.json.bak: so the .bak with the journal is complete too.
   * `settle` (the last one, at close) also writes a snapshot that is already current when the journal
   * still holds lines for the .bak: the .bak becomes the current state and the journal empty, so that
   * the next start reads no journal at all (at 10,000 members with history, megabytes of it).
   */
  private async compact(settle = false): Promise<void> {
    const mark = await this.exclusive(async () => ({
      seq: this.seq,
      state: this.state,
      auditBytes: this.audit.size,
      journalBytes: this.journal.size,
    }));
    const current = mark.seq === this.snapshotSeq && !(settle && this.keepFrom > 0);
    if (current || this.auditBroken || this.journal.broken || this.lockLost()) return;
    await this.audit.sync();
    this.db.data = snapshotOf(mark.state, { seq: mark.seq, auditBytes: mark.auditBytes });
    await this.db.write();
    await this.exclusive(async () => {
      await this.journal.keepFrom(this.keepFrom);
      this.keepFrom = mark.journalBytes - this.keepFrom;
      this.snapshotSeq = mark.seq;
    });
  }

  /**
   * A last compaction, then the files and the lock are let go. Every step is tried; when one fails the
   * promise rejects saying which and that nothing is lost (the journal keeps every change), so that
   * whoever stops the bot can report it.
   */
  async close(): Promise<void> {
    await this.compacting;
    const problems: string[] = [];
    try {
      await this.compact();
      await this.compact(true);
    } catch (error) {
      problems.push(`writing the last snapshot failed (${reasonOf(error)}); the journal keeps every change`);
    }
    await this.exclusive(async () => {
      await this.journal.close().catch(() => undefined);
      await this.audit.close().catch(() => undefined);
    });
    // A lock left behind is stale once this process is gone, and the next start takes it over.
    await this.release().catch((error: unknown) =>
      problems.push(`removing the lock failed (${reasonOf(error)})`),
    );
    if (problems.length) throw new Error(`The store was closed, but ${problems.join('; ')}.`);
  }
}

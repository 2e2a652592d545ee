// The Store over one process's memory: a committed state for reads, transactions run one at a time, and
// the ones that queue while a write is under way written together (group commit) by a Persistence.
import type { AuditEvent, StoreData } from '../domain/schemas.ts';
import { type AuditSource, auditLogOver } from './audit-log.ts';
import type { ChangeSet } from './changes.ts';
import { reasonOf, StoreClosedError, StoreWriteError } from './errors.ts';
import type { AuditLog, Store, TxFn } from './store.ts';
import { runTransaction } from './transaction.ts';

/** One committed transaction, in commit order: what to write, and the state it leads to. */
export type Committed = { changes: ChangeSet; events: AuditEvent[]; next: StoreData };

export interface Persistence {
  /** Makes a group durable, in order, all or nothing; rejects when it could not (then none of it is). */
  persist(group: readonly Committed[]): Promise<void>;
  /** Where the committed audit events can be read back. */
  readonly audit: AuditSource;
  /** Runs once, after the last transaction: a final compaction, releasing the lock. */
  close(committed: StoreData): Promise<void>;
}

type Waiting = { fn: TxFn<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };

/**
 * A Store over `initial` (deep-frozen). Transactions that arrive while a group is being written run,
 * one after another, once it is done, and are written as the next group; a value computed on changes
 * of its own group is given only once that group is durable, and the group fails as one.
 */
export function storeEngine(initial: StoreData, persistence: Persistence): Store {
  let committed = initial;
  const queue: Waiting[] = [];
  let draining: Promise<void> | null = null;
  let closing: Promise<void> | null = null;

  async function runBatch(batch: Waiting[]): Promise<void> {
    let head = committed;
    const group: Committed[] = [];
    const settle: Array<() => void> = [];
    const fail: Array<(e: unknown) => void> = [];
    for (const w of batch) {
      let ran: ReturnType<typeof runTransaction<unknown>>;
      try {
        ran = runTransaction(head, w.fn);
      } catch (error) {
        w.reject(error);
        continue;
      }
      const { value } = ran;
      if (ran.next) {
        head = ran.next;
        group.push({ changes: ran.changes, events: ran.events, next: ran.next });
      } else if (!group.length) {
        // Computed on durable state only: nothing to wait for.
        w.resolve(value);
        continue;
      }
      settle.push(() => w.resolve(value));
      fail.push(w.reject);
    }
    if (!group.length) return;
    try {
      await persistence.persist(group);
    } catch (error) {
      const failure =
        error instanceof StoreWriteError ? error : new StoreWriteError(reasonOf(error), { cause: error });
      for (const f of fail) f(failure);
      return;
    }
    committed = head;
    for (const s of settle) s();
  }

  async function drain(): Promise<void> {
    // Let every transaction started in this same turn join the first group.
    await Promise.resolve();
    while (queue.length) await runBatch(queue.splice(0));
    draining = null;
  }

  const log = auditLogOver(
    persistence.audit,
    (id) => committed.companies.find((c) => c.id === id)?.auditHead,
  );
  const open = () => {
    if (closing) throw new StoreClosedError();
  };
  const audit: AuditLog = {
    list: async (id, q) => {
      open();
      return log.list(id, q);
    },
    verify: async (id) => {
      open();
      return log.verify(id);
    },
    async *all(id) {
      open();
      yield* log.all(id);
    },
  };

  return {
    audit,
    read<T>(fn: (data: Readonly<StoreData>) => T): Promise<T> {
      if (closing) return Promise.reject(new StoreClosedError());
      const snapshot = committed;
      return new Promise<T>((resolve) => resolve(fn(snapshot)));
    },
    transaction<T>(fn: TxFn<T>): Promise<T> {
      if (closing) return Promise.reject(new StoreClosedError());
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn: fn as TxFn<unknown>, resolve: resolve as (v: unknown) => void, reject });
        draining ??= drain();
      });
    },
    close(): Promise<void> {
      closing ??= (async () => {
        while (draining) await draining;
        await persistence.close(committed);
      })();
      return closing;
    },
  };
}

// The store contract the core depends on (docs/store.md): the JSON store and the PostgreSQL store keep it.
import type { AuditEntry, ChainCheck } from '../domain/audit.ts';
import type { AuditEvent, StoreData } from '../domain/schemas.ts';

export type { ChainCheck } from '../domain/audit.ts';
export { InvalidChangeError, OutcomeUnknownError, StoreClosedError, StoreWriteError } from './errors.ts';

/** What a transaction's function decides: keep its changes (written durably first) or drop them. */
export type TxOutcome<T> = { commit: true; value: T } | { commit: false; value: T };

/** What a transaction can do besides changing its draft. */
export interface Tx {
  /** Appends an event to `entry.companyId`'s audit chain, written atomically with the change. */
  audit(entry: AuditEntry): AuditEvent;
}

/**
 * A transaction's function: synchronous, and without effects outside `draft` and `tx`, because a store
 * may run it more than once (the PostgreSQL store re-runs it when another replica got there first).
 */
export type TxFn<T> = (draft: StoreData, tx: Tx) => TxOutcome<T>;

export type AuditQuery = {
  /** Events whose target or actor is this email. */
  member?: string;
  infra?: string;
  /** ISO instant: events at or after it. */
  since?: string;
  limit: number;
  offset: number;
};

/** The audit log: every company's events, outside the state transactions see. */
export interface AuditLog {
  /** The company's events matching `q`, newest first, and how many match in all. */
  list(companyId: string, q: AuditQuery): Promise<{ events: AuditEvent[]; total: number }>;
  /** Recomputes the company's chain in constant memory, against the head its company holds. */
  verify(companyId: string): Promise<ChainCheck>;
  /** Every event of the company, oldest first, streamed. */
  all(companyId: string): AsyncIterable<AuditEvent>;
}

export interface Store {
  /**
   * Runs `fn` on the last committed state: durable, never half a transaction, immutable (entities
   * deep-frozen; collection arrays frozen up to 256 entities, read-only by contract beyond: freeze.ts).
   */
  read<T>(fn: (data: Readonly<StoreData>) => T): Promise<T>;
  /**
   * Runs `fn` on a draft of the current state, serializably with every other transaction. With
   * `commit(value)` the change (checked first by the schema that reads it back) and its audit events are
   * written durably, and only then become what `read` sees; any failure rejects and changes nothing.
   * With `rollback(value)` nothing is written.
   */
  transaction<T>(fn: TxFn<T>): Promise<T>;
  readonly audit: AuditLog;
  /**
   * Runs `task` in one process at a time among the replicas sharing the store; a process that finds it
   * running elsewhere skips it. Only stores shared by several processes have it (see `exclusively`).
   */
  exclusive?<T>(task: string, run: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  /**
   * Whether the server the store depends on answers now (`/readyz`). Only stores that depend on one have
   * it; the PostgreSQL store serves reads from memory, so a read succeeding says nothing about it.
   */
  readiness?(): Promise<{ ready: true } | { ready: false; reason: string }>;
  /** Waits for transactions under way, then releases the store (and its lock, for the file store). */
  close(): Promise<void>;
}

export const commit = <T>(value: T): TxOutcome<T> => ({ commit: true, value });
export const rollback = <T>(value: T): TxOutcome<T> => ({ commit: false, value });

/** Runs `task` once across replicas where the store is shared; where it is not, simply runs it. */
export async function exclusively<T>(
  store: Store,
  task: string,
  run: () => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  return store.exclusive ? store.exclusive(task, run) : { ran: true, value: await run() };
}

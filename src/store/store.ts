// The store contract the core depends on; the JSON-file store implements it, a PostgreSQL store can later.
import type { StoreData } from '../domain/schemas.ts';

/** What a transaction's function decides: keep its changes (written durably first) or drop them. */
export type TxOutcome<T> = { commit: true; value: T } | { commit: false; value: T };

export interface Store {
  /**
   * Reads the last committed state. The snapshot is immutable (frozen) and never shows half a
   * transaction: it is replaced whole only after a write has succeeded.
   */
  read<T>(fn: (data: Readonly<StoreData>) => T): Promise<T>;
  /**
   * Runs `fn` on a private draft of the state, serialized with every other transaction. When it
   * returns `commit: true` the new state is written durably and only then becomes what `read` sees;
   * a failed write rejects and leaves memory and disk as they were. `commit: false` writes nothing.
   */
  transaction<T>(fn: (draft: StoreData) => TxOutcome<T>): Promise<T>;
  /** Waits for writes under way, then releases the store (and its lock, for the file store). */
  close(): Promise<void>;
}

export const commit = <T>(value: T): TxOutcome<T> => ({ commit: true, value });
export const rollback = <T>(value: T): TxOutcome<T> => ({ commit: false, value });

// The Store semantics over a lowdb `Low`: serialized immer transactions, write first, then swap the snapshot.
import { createDraft, current, type Draft, finishDraft, isDraft } from 'immer';
import type { Low } from 'lowdb';
import type { StoreData } from '../domain/schemas.ts';
import type { Store, TxOutcome } from './store.ts';

const closedError = () => new Error('The store is closed.');

function isOutcome(x: unknown): x is TxOutcome<unknown> {
  return typeof x === 'object' && x !== null && 'commit' in x && typeof x.commit === 'boolean';
}

async function runTransaction<T>(db: Low<StoreData>, fn: (draft: StoreData) => TxOutcome<T>): Promise<T> {
  const base = db.data;
  const draft = createDraft(base);
  const outcome: unknown = fn(draft);
  if (!isOutcome(outcome)) {
    throw new TypeError('A store transaction must return commit(value) or rollback(value) synchronously.');
  }
  const { commit, value } = outcome as TxOutcome<T>;
  // A draft handed back as the value would be revoked once the draft is finished.
  const result = isDraft(value) ? current(value as Draft<T>) : value;
  if (!commit) return result;
  const next = finishDraft(draft) as StoreData;
  if (next === base) return result;
  await db.adapter.write(next);
  db.data = next;
  return result;
}

/**
 * A Store whose state is `db.data`, which must already be deep-frozen. `db.adapter.write` persists a
 * new state before it becomes visible; `release` runs once on close after the queued writes.
 */
export function storeOverLow(db: Low<StoreData>, release: () => Promise<void>): Store {
  let tail: Promise<unknown> = Promise.resolve();
  let closing: Promise<void> | null = null;
  return {
    read<T>(fn: (data: Readonly<StoreData>) => T): Promise<T> {
      if (closing) return Promise.reject(closedError());
      const snapshot = db.data;
      return new Promise<T>((resolve) => resolve(fn(snapshot)));
    },
    transaction<T>(fn: (draft: StoreData) => TxOutcome<T>): Promise<T> {
      if (closing) return Promise.reject(closedError());
      const result = tail.then(() => runTransaction(db, fn));
      tail = result.catch(() => undefined);
      return result;
    },
    close(): Promise<void> {
      closing ??= tail.then(release);
      return closing;
    },
  };
}

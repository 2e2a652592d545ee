// Committed states are immutable: every entity is deep-frozen, and so is every collection array of up to
// FROZEN_ARRAY_MAX entities. A longer one is settled instead (marked committed, and changed by no code): V8
// copies a frozen array some thirty times slower, and every change copies the collection it changes.
import { settle as markSettled } from '../domain/collection-index.ts';
import type { Company, StoreData } from '../domain/schemas.ts';
import type { Seen } from '../domain/seen.ts';
import { type ChangeSet, COMPANY_COLLECTIONS, type Keyed } from './changes.ts';

export const FROZEN_ARRAY_MAX = 256;

/**
 * Deep-freezes plain JSON data; a frozen object is taken as frozen all the way down (a committed subtree).
 * Not immer's freeze: that one asks of every value what kind of thing it is (Map, Set, draft), which made
 * opening a store of 10,000 members spend a third of its time freezing.
 */
function freeze(x: unknown): void {
  if (typeof x !== 'object' || x === null || Object.isFrozen(x)) return;
  Object.freeze(x);
  if (Array.isArray(x)) for (const v of x) freeze(v);
  else for (const k of Object.keys(x)) freeze((x as Record<string, unknown>)[k]);
}

function settle(arr: readonly unknown[]): void {
  if (arr.length <= FROZEN_ARRAY_MAX) Object.freeze(arr);
  markSettled(arr);
}

const isCollection = (k: string) => (COMPANY_COLLECTIONS as readonly string[]).includes(k);

function settleAll(arr: readonly unknown[]): void {
  for (const x of arr) freeze(x);
  settle(arr);
}

/** A company: its own fields deep-frozen, its collections settled with their entities frozen. */
function freezeCompany(c: Company): void {
  for (const [k, v] of Object.entries(c)) {
    if (isCollection(k)) settleAll(v as unknown[]);
    else freeze(v);
  }
  Object.freeze(c);
}

/** A whole state, as opened or seeded. */
export function freezeState(state: StoreData): StoreData {
  for (const c of state.companies) freezeCompany(c);
  settle(state.companies);
  settleAll(state.outbox);
  settleAll(state.conversations);
  freeze(state.seen);
  return Object.freeze(state);
}

/** What a keyed change wrote: the entities to freeze. */
const written = <T>(k: Keyed<T>) => ('replace' in k ? k.replace : k.put);

/**
 * Freezes `next.seen` and those of its buckets that are not `base`'s (all of them when there is no base):
 * asking each of 256 frozen buckets whether it is frozen costs in proportion to the keys they hold.
 */
function freezeSeen(next: StoreData, base: StoreData | undefined): void {
  const was: Seen | undefined = base?.seen;
  if (next.seen === was) return;
  if (!was) {
    freeze(next.seen);
    return;
  }
  for (const b in next.seen) {
    const bucket = next.seen[b];
    if (bucket !== was[b]) freeze(bucket);
  }
  Object.freeze(next.seen);
}

/**
 * The next state of a transaction: only what changed is new, so only that is frozen (in time proportional
 * to it). `base` is the state it was made from, if known: then only the request-key buckets that differ
 * from it are looked at.
 */
export function freezeChanged(next: StoreData, changes: ChangeSet, base?: StoreData): void {
  const cc = changes.companies;
  if (cc) {
    settle(next.companies);
    if ('replace' in cc) for (const c of cc.replace) freezeCompany(c);
    else {
      for (const c of cc.put) freezeCompany(c);
      for (const patch of cc.patch) {
        const c = next.companies.find((x) => x.id === patch.id);
        if (!c) continue;
        for (const coll of COMPANY_COLLECTIONS) {
          const change = patch[coll];
          if (!change) continue;
          for (const x of written(change as Keyed<unknown>)) freeze(x);
          settle(c[coll]);
        }
        if (patch.fields) for (const v of Object.values(patch.fields)) freeze(v);
        Object.freeze(c);
      }
    }
  }
  if (changes.outbox) {
    for (const x of written(changes.outbox)) freeze(x);
    settle(next.outbox);
  }
  if (changes.conversations) {
    for (const x of written(changes.conversations)) freeze(x);
    settle(next.conversations);
  }
  if (base ? next.seen !== base.seen : changes.seen) freezeSeen(next, base);
  Object.freeze(next);
}

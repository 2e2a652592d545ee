// Look-ups by key over the frozen arrays of a committed state: built once, then shared by the states that
// follow as changes are committed, so finding one member among 10,000 never scans them all.
import { current, enableArrayMethods, isDraft, original } from 'immer';

// Array methods on drafts (find, filter, some) then read raw values instead of drafting every element.
enableArrayMethods();

export type IndexSpec<T> = {
  /** The entity's key, unique in its collection. */
  key(x: T): string;
  /** Further keys an entity is found by; several entities may share one. */
  secondary?(x: T): readonly string[];
  /** Whether `x` has the secondary key `k` (cheaper than listing them all); defaults to the list. */
  hasSecondary?(x: T, k: string): boolean;
};

type Built = { pos: Map<string, number>; by: Map<string, Set<string>> | null };

/**
 * The elements of a draft array as they stand, without drafting them: immer runs a draft's non-mutating
 * array methods on its raw array, which the callback gets as its third argument. An element the
 * transaction has touched is a draft itself. (immer's `current` would copy the array and walk every
 * element; on the outbox or the team, once changed, that cost more than the look-up.)
 */
function latest<T>(draft: readonly T[]): readonly T[] {
  let raw: readonly T[] = draft;
  draft.some((_x, _i, array) => {
    raw = array;
    return true;
  });
  return raw.length === draft.length ? raw : draft;
}

/**
 * Collection arrays of committed states. They are not frozen (V8 copies a frozen array some thirty times
 * slower, and every change copies the collection it changes), but no code changes them: they are as good
 * as frozen, and may be indexed.
 */
const settledArrays = new WeakSet<readonly unknown[]>();
export const settle = (arr: readonly unknown[]) => void settledArrays.add(arr);
/** Whether an array belongs to a committed state (it will never change, so what is derived from it may be kept). */
export const isSettled = (arr: readonly unknown[]) => settledArrays.has(arr) || Object.isFrozen(arr);

/**
 * An index per frozen array. Arrays of one lineage (each the next state of the one before, with entities
 * updated in place or appended) share one index that only ever grows: a key maps to the one position it
 * holds in all of them, and a secondary key to every entity that ever had it. So every hit is checked on
 * the array asked about, which makes the answer exact for each of them, old or new. A removal or a move
 * starts a new index. A draft is looked up through the index of the array it was drafted from, each hit
 * checked on the draft itself; after a structural change in the transaction the look-up scans instead.
 */
export class CollectionIndex<T> {
  private readonly cache = new WeakMap<readonly T[], Built>();

  constructor(readonly spec: IndexSpec<T>) {}

  private build(arr: readonly T[]): Built {
    const pos = new Map<string, number>();
    const by = this.spec.secondary ? new Map<string, Set<string>>() : null;
    arr.forEach((x, i) => {
      const k = this.spec.key(x);
      pos.set(k, i);
      if (by) for (const s of this.spec.secondary?.(x) ?? []) addTo(by, s, k);
    });
    return { pos, by };
  }

  /** The index of a committed (settled or frozen) array; null for a mutable one, which could change under it. */
  private of(arr: readonly T[]): Built | null {
    if (!isSettled(arr)) return null;
    let built = this.cache.get(arr);
    if (!built) {
      built = this.build(arr);
      this.cache.set(arr, built);
    }
    return built;
  }

  private holds = (x: T, k: string) =>
    this.spec.hasSecondary ? this.spec.hasSecondary(x, k) : (this.spec.secondary?.(x) ?? []).includes(k);

  /** The position of `key` in a frozen array with an index, checked there. */
  private at(arr: readonly T[], built: Built, key: string): number | undefined {
    const p = built.pos.get(key);
    const x = p === undefined ? undefined : arr[p];
    return x !== undefined && this.spec.key(x) === key ? p : undefined;
  }

  /** Whether a frozen array holds an entity with this key (the diff asks it of the base state). */
  has(arr: readonly T[], key: string): boolean {
    const built = this.of(arr);
    return built ? this.at(arr, built, key) !== undefined : arr.some((x) => this.spec.key(x) === key);
  }

  /** The entity with this key, or undefined. On a draft it is the draft of that entity. */
  get(arr: readonly T[], key: string): T | undefined {
    if (isDraft(arr)) {
      const base = original(arr as unknown as object) as readonly T[];
      // Absent from the base's index, with the draft unchanged: absent. A base without an index (one a
      // transaction left as it was, such as a collection put back in its order) says nothing: scan.
      const built = this.of(base);
      const p = built?.pos.get(key);
      if (p !== undefined) {
        const hit = arr[p];
        if (hit !== undefined && this.spec.key(hit) === key) return hit;
      } else if (built && current(arr as unknown as object) === base) return undefined;
      return arr.find((x) => this.spec.key(x) === key);
    }
    const built = this.of(arr);
    if (!built) return arr.find((x) => this.spec.key(x) === key);
    const p = this.at(arr, built, key);
    return p === undefined ? undefined : arr[p];
  }

  /** Every entity with one of these secondary keys, in the array's order (drafts of them, on a draft). */
  all(arr: readonly T[], keys: readonly string[]): T[] {
    const matches = (x: T) => keys.some((k) => this.holds(x, k));
    const base = isDraft(arr) ? (original(arr as unknown as object) as readonly T[]) : arr;
    const built = this.of(base);
    if (!built?.by) return arr.filter(matches);
    // On a draft: the base's hits where the draft still holds them, and whatever the draft changed or added.
    const now = base === arr ? arr : latest(arr);
    if (now.length < base.length) return arr.filter(matches);
    const at = new Set<number>();
    for (const k of keys)
      for (const primary of built.by.get(k) ?? []) {
        const p = this.at(base, built, primary);
        const x = p === undefined ? undefined : base[p];
        if (p !== undefined && x !== undefined && now[p] === x && this.holds(x, k)) at.add(p);
      }
    if (now !== base)
      for (let i = 0; i < now.length; i++) if (now[i] !== base[i] && matches(now[i] as T)) at.add(i);
    return [...at].sort((a, b) => a - b).map((p) => arr[p] as T);
  }

  /**
   * Lets `next` share the index of `base`: it differs from it only at `changed` (same keys there) and by
   * entities appended after it. The diff calls this; the store settles `next` if it commits it. Nothing is removed from the index, so `base` (still
   * read by look-ups while `next` is being written) keeps exact answers too.
   */
  carry(base: readonly T[], next: readonly T[], changed: readonly number[]): void {
    const built = this.cache.get(base);
    if (!built) return;
    const { pos, by } = built;
    if (by)
      for (const i of changed) {
        const now = next[i] as T;
        const k = this.spec.key(now);
        for (const s of this.spec.secondary?.(now) ?? []) addTo(by, s, k);
      }
    for (let i = base.length; i < next.length; i++) {
      const x = next[i] as T;
      const k = this.spec.key(x);
      pos.set(k, i);
      if (by) for (const s of this.spec.secondary?.(x) ?? []) addTo(by, s, k);
    }
    this.cache.set(next, built);
  }
}

function addTo(by: Map<string, Set<string>>, secondary: string, key: string) {
  let set = by.get(secondary);
  if (!set) {
    set = new Set();
    by.set(secondary, set);
  }
  set.add(key);
}

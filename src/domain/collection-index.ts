// Look-ups by key over the frozen arrays of a committed state: built once, then carried from one state
// to the next as changes are committed, so finding one member among 10,000 never scans them all.
import { current, enableArrayMethods, isDraft, original } from 'immer';

// Array methods on drafts (find, filter, some) then read raw values instead of drafting every element.
enableArrayMethods();

export type IndexSpec<T> = {
  /** The entity's key, unique in its collection. */
  key(x: T): string;
  /** Further keys an entity is found by; several entities may share one. */
  secondary?(x: T): readonly string[];
};

type Built = { pos: Map<string, number>; by: Map<string, Set<string>> | null };

/**
 * An index per frozen array (a frozen array never changes, so its index is exact). A draft is looked up
 * through the index of the array it was drafted from, and every hit is checked on the draft itself: after
 * a structural change in the transaction (an entity added, removed or moved) the look-up scans instead.
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

  /** The index of a frozen array; null for a mutable one, which could change under it. */
  private of(arr: readonly T[]): Built | null {
    if (!Object.isFrozen(arr)) return null;
    let built = this.cache.get(arr);
    if (!built) {
      built = this.build(arr);
      this.cache.set(arr, built);
    }
    return built;
  }

  /** Whether a frozen array holds an entity with this key (the diff asks it of the base state). */
  has(arr: readonly T[], key: string): boolean {
    const built = this.of(arr);
    return built ? built.pos.has(key) : arr.some((x) => this.spec.key(x) === key);
  }

  /** The entity with this key, or undefined. On a draft it is the draft of that entity. */
  get(arr: readonly T[], key: string): T | undefined {
    if (isDraft(arr)) {
      const base = original(arr as unknown as object) as readonly T[];
      const p = this.of(base)?.pos.get(key);
      if (p !== undefined) {
        const hit = arr[p];
        if (hit !== undefined && this.spec.key(hit) === key) return hit;
      } else if (current(arr as unknown as object) === base) return undefined;
      return arr.find((x) => this.spec.key(x) === key);
    }
    const built = this.of(arr);
    if (!built) return arr.find((x) => this.spec.key(x) === key);
    const p = built.pos.get(key);
    return p === undefined ? undefined : arr[p];
  }

  /** Every entity with one of these secondary keys, in the array's order (drafts of them, on a draft). */
  all(arr: readonly T[], keys: readonly string[]): T[] {
    const matches = (x: T) => {
      const own = this.spec.secondary?.(x) ?? [];
      return keys.some((k) => own.includes(k));
    };
    const base = isDraft(arr) ? (original(arr as unknown as object) as readonly T[]) : arr;
    const built = this.of(base);
    if (!built?.by) return arr.filter(matches);
    // On a draft: the base's hits where the draft still holds them, and whatever the draft changed or added.
    const now = base === arr ? arr : (current(arr as unknown as object) as readonly T[]);
    if (now.length < base.length) return arr.filter(matches);
    const at = new Set<number>();
    for (const k of keys)
      for (const primary of built.by.get(k) ?? []) {
        const p = built.pos.get(primary);
        if (p !== undefined && now[p] === base[p]) at.add(p);
      }
    if (now !== base)
      for (let i = 0; i < now.length; i++) if (now[i] !== base[i] && matches(now[i] as T)) at.add(i);
    return [...at].sort((a, b) => a - b).map((p) => arr[p] as T);
  }

  /**
   * Moves the index of `base` to `next`, which differs from it only at `changed` (same keys there) and
   * by entities appended after it. The diff calls this; `base` then rebuilds its own if ever asked.
   */
  carry(base: readonly T[], next: readonly T[], changed: readonly number[]): void {
    const built = this.cache.get(base);
    if (!built || !Object.isFrozen(next)) return;
    const { pos, by } = built;
    if (by)
      for (const i of changed) {
        const was = base[i] as T;
        const now = next[i] as T;
        const k = this.spec.key(now);
        for (const s of this.spec.secondary?.(was) ?? []) by.get(s)?.delete(k);
        for (const s of this.spec.secondary?.(now) ?? []) addTo(by, s, k);
      }
    for (let i = base.length; i < next.length; i++) {
      const x = next[i] as T;
      const k = this.spec.key(x);
      pos.set(k, i);
      if (by) for (const s of this.spec.secondary?.(x) ?? []) addTo(by, s, k);
    }
    this.cache.delete(base);
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

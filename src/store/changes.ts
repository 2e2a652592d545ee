// What a transaction changed, entity by entity: found by reference (immer shares what it did not touch),
// written by every store (a journal line, or rows), and applied back (replay, property tests).
import type { CollectionIndex } from '../domain/collection-index.ts';
import {
  caseIndex,
  companyIndex,
  contactIndex,
  conversationIndex,
  grantIndex,
  memberIndex,
  outboxIndex,
  requestIndex,
  reviewIndex,
  reviewItemIndex,
  subscriptionIndex,
} from '../domain/indexes.ts';
import type { Company, OutboxItem, StoreData, StoredConversation } from '../domain/schemas.ts';
import { forgetSeen, markSeen, type Seen } from '../domain/seen.ts';

export const COMPANY_COLLECTIONS = [
  'subscriptions',
  'members',
  'contacts',
  'cases',
  'requests',
  'grants',
  'reviews',
  'reviewItems',
] as const;
export type CompanyCollection = (typeof COMPANY_COLLECTIONS)[number];
/** A company's own fields: everything but its collections (id, name, settings, counters, audit head...). */
export type CompanyFields = Omit<Company, CompanyCollection>;

/** Upserts and deletions by key (deletions first), or, when the order changed, the whole collection. */
export type Keyed<T> = { put: T[]; del: string[] } | { replace: T[] };

export type CompanyPatch = { id: string; fields?: CompanyFields } & {
  [K in CompanyCollection]?: Keyed<Company[K][number]>;
};

export type ChangeSet = {
  companies?: { put: Company[]; patch: CompanyPatch[]; del: string[] } | { replace: Company[] };
  outbox?: Keyed<OutboxItem>;
  conversations?: Keyed<StoredConversation>;
  seen?: { put: Record<string, string>; del: string[] };
};

// biome-ignore lint/suspicious/noExplicitAny: one table of indexes over collections of different entity types
type AnyIndex = CollectionIndex<any>;

export const companyCollectionIndex: { [K in CompanyCollection]: CollectionIndex<Company[K][number]> } = {
  subscriptions: subscriptionIndex,
  members: memberIndex,
  contacts: contactIndex,
  cases: caseIndex,
  requests: requestIndex,
  grants: grantIndex,
  reviews: reviewIndex,
  reviewItems: reviewItemIndex,
};

/** The key a store files each entity under (see docs/store.md). */
export const entityKey = {
  company: companyIndex.spec.key,
  ...Object.fromEntries(Object.entries(companyCollectionIndex).map(([k, ix]) => [k, ix.spec.key])),
  outbox: outboxIndex.spec.key,
  conversations: conversationIndex.spec.key,
} as { company: (c: Company) => string } & {
  [K in CompanyCollection]: (x: Company[K][number]) => string;
} & { outbox: (x: OutboxItem) => string; conversations: (x: StoredConversation) => string };

type Aligned<T> =
  | { replace: true }
  | { replace: false; updated: Array<[T, T]>; added: T[]; deleted: string[] };

/**
 * Where `next` holds another entity than `base`, among `base`'s positions. Its own small function, so V8
 * compiles one tight loop for it: inlined in align, which sees arrays of every collection (frozen and
 * not), comparing 10,000 members cost five times as much.
 */
function changedPositions(base: readonly unknown[], next: readonly unknown[]): number[] {
  const out: number[] = [];
  const n = base.length;
  for (let i = 0; i < n; i++) if (base[i] !== next[i]) out.push(i);
  return out;
}

/**
 * The same for collections longer than FROZEN_ARRAY_MAX (the team): their arrays are never frozen, so
 * this copy of the loop only ever sees one kind of array and V8 keeps its element loads monomorphic.
 * Shared with the small, frozen arrays of other collections, it took twice as long on 10,000 members.
 */
function changedPositionsLarge(base: readonly unknown[], next: readonly unknown[]): number[] {
  const out: number[] = [];
  const n = base.length;
  for (let i = 0; i < n; i++) if (base[i] !== next[i]) out.push(i);
  return out;
}
/** Collections longer than this hold arrays that are not frozen (freeze.ts: FROZEN_ARRAY_MAX). */
const LARGE = 256;

/** Matches `next` to `base` by key; a reorder (or a key seen twice) makes it a replace. */
function align<T>(index: CollectionIndex<T>, base: readonly T[], next: readonly T[]): Aligned<T> {
  const key = index.spec.key;
  // The usual case, in time proportional to the collection's length in reference checks only:
  // entities updated where they stand, new ones after them.
  if (next.length >= base.length) {
    const updated: Array<[T, T]> = [];
    const changed = base.length > LARGE ? changedPositionsLarge(base, next) : changedPositions(base, next);
    let inPlace = true;
    for (const i of changed) {
      const b = base[i] as T;
      const n = next[i] as T;
      if (key(b) !== key(n)) {
        inPlace = false;
        break;
      }
      updated.push([b, n]);
    }
    const added: T[] = [];
    const fresh = new Set<string>();
    for (let i = base.length; i < next.length && inPlace; i++) {
      const n = next[i] as T;
      const k = key(n);
      if (fresh.has(k) || index.has(base, k)) inPlace = false;
      fresh.add(k);
      added.push(n);
    }
    if (inPlace) {
      index.carry(base, next, changed);
      return { replace: false, updated, added, deleted: [] };
    }
  }
  const nextKeys = next.map(key);
  const nextSet = new Set(nextKeys);
  const baseAt = new Map(base.map((x, i) => [key(x), i]));
  if (nextSet.size !== next.length || baseAt.size !== base.length) return { replace: true };
  const updated: Array<[T, T]> = [];
  const added: T[] = [];
  let last = -1;
  for (const [i, k] of nextKeys.entries()) {
    const n = next[i] as T;
    const p = baseAt.get(k);
    if (p === undefined) added.push(n);
    else if (added.length > 0 || p < last) return { replace: true };
    else {
      last = p;
      if (base[p] !== n) updated.push([base[p] as T, n]);
    }
  }
  const deleted = [...baseAt.keys()].filter((k) => !nextSet.has(k));
  return { replace: false, updated, added, deleted };
}

function diffKeyed<T>(
  index: CollectionIndex<T>,
  base: readonly T[],
  next: readonly T[],
): Keyed<T> | undefined {
  if (base === next) return undefined;
  const a = align(index, base, next);
  if (a.replace) return { replace: [...next] };
  if (!a.updated.length && !a.added.length && !a.deleted.length) return undefined;
  return { put: [...a.updated.map(([, n]) => n), ...a.added], del: a.deleted };
}

const isCollection = (k: string): k is CompanyCollection =>
  (COMPANY_COLLECTIONS as readonly string[]).includes(k);

export function companyFields(c: Company): CompanyFields {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) if (!isCollection(k)) fields[k] = v;
  return fields as CompanyFields;
}

function diffCompany(base: Company, next: Company): CompanyPatch | undefined {
  const patch: CompanyPatch = { id: next.id };
  let any = false;
  for (const coll of COMPANY_COLLECTIONS) {
    const index = companyCollectionIndex[coll] as AnyIndex;
    const d = diffKeyed(index, base[coll], next[coll]);
    if (d) {
      (patch as Record<string, unknown>)[coll] = d;
      any = true;
    }
  }
  const keys = new Set([...Object.keys(base), ...Object.keys(next)].filter((k) => !isCollection(k)));
  const b = base as unknown as Record<string, unknown>;
  const n = next as unknown as Record<string, unknown>;
  if ([...keys].some((k) => b[k] !== n[k])) {
    patch.fields = companyFields(next);
    any = true;
  }
  return any ? patch : undefined;
}

function diffCompanies(base: readonly Company[], next: readonly Company[]): ChangeSet['companies'] {
  if (base === next) return undefined;
  const a = align(companyIndex, base, next);
  if (a.replace) return { replace: [...next] };
  const patch = a.updated.flatMap(([b, n]) => diffCompany(b, n) ?? []);
  if (!patch.length && !a.added.length && !a.deleted.length) return undefined;
  return { put: a.added, patch, del: a.deleted };
}

/** Request keys: only the buckets that changed are compared. */
function diffSeen(base: Seen, next: Seen): ChangeSet['seen'] {
  if (base === next) return undefined;
  const put: Record<string, string> = {};
  const del: string[] = [];
  let any = false;
  const compare = (b: string) => {
    const was = base[b] ?? {};
    const now = next[b] ?? {};
    if (was === now) return;
    for (const k in now)
      if (was[k] !== now[k]) {
        put[k] = now[k] as string;
        any = true;
      }
    for (const k in was) if (!Object.hasOwn(now, k)) del.push(k);
  };
  // Buckets of both, each once: the ones in `next`, then the ones gone from it.
  for (const b in next) compare(b);
  for (const b in base) if (!Object.hasOwn(next, b)) compare(b);
  return any || del.length ? { put, del } : undefined;
}

/** What changed from `base` to `next` (both frozen states of one lineage); {} when nothing did. */
export function diffState(base: StoreData, next: StoreData): ChangeSet {
  const out: ChangeSet = {};
  const companies = diffCompanies(base.companies, next.companies);
  if (companies) out.companies = companies;
  const outbox = diffKeyed(outboxIndex, base.outbox, next.outbox);
  if (outbox) out.outbox = outbox;
  const conversations = diffKeyed(conversationIndex, base.conversations, next.conversations);
  if (conversations) out.conversations = conversations;
  const seen = diffSeen(base.seen, next.seen);
  if (seen) out.seen = seen;
  return out;
}

export const isEmptyChange = (c: ChangeSet) => Object.keys(c).length === 0;

/**
 * Puts back into `next` (a transaction's result, not yet frozen) the parts of `base` that `changes` says
 * did not change but that immer copied anyway (a list reordered and put back, a value set to what it
 * was): the committed state then shares them, frozen and indexed, instead of holding equal copies that
 * are neither (freeze.ts freezes only what a change set names).
 */
export function shareUnchanged(base: StoreData, next: StoreData, changes: ChangeSet): void {
  const out = next as { -readonly [K in keyof StoreData]: StoreData[K] };
  if (!changes.outbox) out.outbox = base.outbox;
  if (!changes.conversations) out.conversations = base.conversations;
  if (!changes.seen) out.seen = base.seen;
  const cc = changes.companies;
  if (!cc) {
    out.companies = base.companies;
    return;
  }
  if ('replace' in cc) return;
  const was = new Map(base.companies.map((c) => [c.id, c]));
  const patched = new Map(cc.patch.map((p) => [p.id, p]));
  const companies = next.companies as Company[];
  for (let i = 0; i < companies.length; i++) {
    const c = companies[i] as Company;
    const b = was.get(c.id);
    if (!b || b === c) continue;
    const patch = patched.get(c.id);
    if (!patch) {
      companies[i] = b;
      continue;
    }
    const mutable = c as Record<CompanyCollection, unknown>;
    for (const coll of COMPANY_COLLECTIONS) if (!patch[coll] && c[coll] !== b[coll]) mutable[coll] = b[coll];
  }
}

/** Remembers where each key sits in the arrays being changed, so replaying many changes stays linear. */
export class Positions {
  private readonly maps = new WeakMap<readonly unknown[], Map<string, number>>();
  of<T>(arr: readonly T[], key: (x: T) => string): Map<string, number> {
    let m = this.maps.get(arr);
    if (!m) {
      m = new Map(arr.map((x, i) => [key(x), i]));
      this.maps.set(arr, m);
    }
    return m;
  }
}

function applyKeyed<T>(arr: T[], change: Keyed<T>, key: (x: T) => string, at: Positions): T[] {
  if ('replace' in change) return [...change.replace];
  let out = arr;
  if (change.del.length) {
    const gone = new Set(change.del);
    out = arr.filter((x) => !gone.has(key(x)));
  }
  const pos = at.of(out, key);
  for (const x of change.put) {
    const k = key(x);
    const p = pos.get(k);
    if (p === undefined) {
      pos.set(k, out.length);
      out.push(x);
    } else out[p] = x;
  }
  return out;
}

function applyPatch(c: Company, patch: CompanyPatch, at: Positions) {
  if (patch.fields) Object.assign(c, patch.fields);
  for (const coll of COMPANY_COLLECTIONS) {
    const change = patch[coll];
    if (!change) continue;
    const key = companyCollectionIndex[coll].spec.key as (x: unknown) => string;
    const target = c as unknown as Record<CompanyCollection, unknown[]>;
    target[coll] = applyKeyed(target[coll], change as Keyed<unknown>, key, at);
  }
}

/**
 * Applies a change set to a mutable (not frozen) state in place. Entities are shared with the change
 * set, not copied. `at` may be kept across calls to replay a long journal in linear time.
 */
export function applyChanges(state: StoreData, changes: ChangeSet, at = new Positions()): void {
  const cc = changes.companies;
  if (cc && 'replace' in cc) state.companies = [...cc.replace];
  else if (cc) {
    const gone = new Set(cc.del);
    if (gone.size) state.companies = state.companies.filter((c) => !gone.has(c.id));
    for (const patch of cc.patch) {
      const c = state.companies.find((x) => x.id === patch.id);
      if (!c) throw new Error(`a change names company ${patch.id}, which is not in the store`);
      applyPatch(c, patch, at);
    }
    state.companies = applyKeyed(state.companies, { put: cc.put, del: [] }, entityKey.company, at);
  }
  if (changes.outbox) state.outbox = applyKeyed(state.outbox, changes.outbox, entityKey.outbox, at);
  if (changes.conversations)
    state.conversations = applyKeyed(state.conversations, changes.conversations, entityKey.conversations, at);
  if (changes.seen) {
    for (const k of changes.seen.del) forgetSeen(state.seen, k);
    for (const [k, until] of Object.entries(changes.seen.put)) markSeen(state.seen, k, until);
  }
}

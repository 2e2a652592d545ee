// Which companies a change touches (their rows are locked and their versions move), and bringing
// companies another replica changed into this replica's state.
import type { StoreData } from '../../domain/schemas.ts';
import { type Seen, seenBucketOf } from '../../domain/seen.ts';
import type { ChangeSet, Keyed } from '../changes.ts';
import { freezeState } from '../freeze.ts';
import { conversationCompany } from './company-parts.ts';
import type { LoadedCompany } from './read-rows.ts';

function owners<T extends { companyId: string }>(
  change: Keyed<T> | undefined,
  base: readonly T[],
  ownerOfKey: (key: string) => string | undefined,
  into: Set<string>,
) {
  if (!change) return;
  if ('replace' in change) {
    for (const x of base) into.add(x.companyId);
    for (const x of change.replace) into.add(x.companyId);
    return;
  }
  for (const x of change.put) into.add(x.companyId);
  for (const k of change.del) {
    const owner = ownerOfKey(k);
    if (owner !== undefined) into.add(owner);
  }
}

/**
 * The companies whose data `changes` (made on `base`) writes: their fields and collections, and the
 * outbox items and conversations that belong to them. Request keys belong to no company: their table's
 * unique key decides between replicas.
 */
export function touchedCompanies(base: StoreData, changes: ChangeSet): Set<string> {
  const ids = new Set<string>();
  const cc = changes.companies;
  if (cc && 'replace' in cc) {
    for (const c of base.companies) ids.add(c.id);
    for (const c of cc.replace) ids.add(c.id);
  } else if (cc) {
    for (const c of cc.put) ids.add(c.id);
    for (const p of cc.patch) ids.add(p.id);
    for (const id of cc.del) ids.add(id);
  }
  let outboxOwner: Map<string, string> | undefined;
  owners(
    changes.outbox,
    base.outbox,
    (id) => {
      outboxOwner ??= new Map(base.outbox.map((x) => [x.id, x.companyId]));
      return outboxOwner.get(id);
    },
    ids,
  );
  owners(changes.conversations, base.conversations, conversationCompany, ids);
  return ids;
}

/**
 * Items of the reloaded companies take the places their items held, in the database's order; extra ones
 * go at the end, so a company's items keep one order on every replica.
 */
function refill<T extends { companyId: string }>(
  items: readonly T[],
  reloaded: ReadonlySet<string>,
  fresh: ReadonlyMap<string, readonly T[]>,
): T[] {
  const next = new Map([...reloaded].map((id) => [id, 0]));
  const out: T[] = [];
  for (const x of items) {
    const at = next.get(x.companyId);
    if (at === undefined) {
      out.push(x);
      continue;
    }
    const replacement = fresh.get(x.companyId)?.[at];
    if (replacement) out.push(replacement);
    next.set(x.companyId, at + 1);
  }
  for (const [id, at] of next) out.push(...(fresh.get(id) ?? []).slice(at));
  return out;
}

/** `state` with the loaded companies as the database holds them (a company it no longer holds is removed). */
export function mergeLoaded(state: StoreData, loaded: readonly LoadedCompany[]): StoreData {
  if (!loaded.length) return state;
  const byId = new Map(loaded.map((l) => [l.id, l]));
  const companies = state.companies.flatMap((c) => {
    const l = byId.get(c.id);
    return l ? (l.company ? [l.company] : []) : [c];
  });
  const known = new Set(state.companies.map((c) => c.id));
  for (const l of loaded) if (l.company && !known.has(l.id)) companies.push(l.company);
  const ids = new Set(byId.keys());
  const next: StoreData = {
    ...state,
    companies,
    outbox: refill(state.outbox, ids, new Map(loaded.map((l) => [l.id, l.outbox]))),
    conversations: refill(state.conversations, ids, new Map(loaded.map((l) => [l.id, l.conversations]))),
  };
  // Immutable as opened states are (entities frozen, long collections settled rather than frozen).
  return freezeState(next);
}

/** `state` knowing these request keys (another replica handled them). */
export function mergeKeys(state: StoreData, keys: Record<string, string>): StoreData {
  if (!Object.keys(keys).length) return state;
  // Only the buckets these keys fall in are copied; the others are shared.
  const seen: Seen = { ...state.seen };
  for (const [k, until] of Object.entries(keys)) {
    const b = seenBucketOf(k);
    seen[b] = Object.freeze({ ...seen[b], [k]: until });
  }
  return Object.freeze({ ...state, seen: Object.freeze(seen) });
}

// A group of committed transactions as one change set, so the group is written as one set of statements.
// Composed from the transactions' own change sets (not diffed again), so no index is rebuilt on the way.
import type { Company, StoreData } from '../../domain/schemas.ts';
import {
  type ChangeSet,
  COMPANY_COLLECTIONS,
  type CompanyCollection,
  type CompanyPatch,
  companyCollectionIndex,
  entityKey,
  type Keyed,
} from '../changes.ts';

/**
 * Upserts and deletions in order: a deleted key leaves the upserts; a key put again after its deletion is
 * deleted and then inserted, so it takes a new place at the end, as it does in memory. An upsert keeps the
 * place of the first put of its key. A replace anywhere makes the whole collection, as it ends, the answer.
 */
function squashKeyed<T>(
  steps: ReadonlyArray<Keyed<T> | undefined>,
  key: (x: T) => string,
  final: () => readonly T[],
): Keyed<T> | undefined {
  const puts = new Map<string, T>();
  const dels = new Set<string>();
  let any = false;
  for (const step of steps) {
    if (!step) continue;
    any = true;
    if ('replace' in step) return { replace: [...final()] };
    for (const k of step.del) {
      puts.delete(k);
      dels.add(k);
    }
    for (const x of step.put) puts.set(key(x), x);
  }
  return any ? { put: [...puts.values()], del: [...dels] } : undefined;
}

type CompaniesChange = NonNullable<ChangeSet['companies']>;

function squashCompanies(
  steps: ReadonlyArray<CompaniesChange | undefined>,
  head: StoreData,
): ChangeSet['companies'] {
  const present = steps.filter((s): s is CompaniesChange => s !== undefined);
  if (!present.length) return undefined;
  const replaceAll = { replace: [...head.companies] };
  const added = new Set<string>();
  const deleted = new Set<string>();
  const patches = new Map<string, CompanyPatch[]>();
  for (const step of present) {
    if ('replace' in step) return replaceAll;
    for (const id of step.del) {
      // A company made and removed in one group, or removed and made again: rare enough to write whole.
      if (added.has(id)) return replaceAll;
      deleted.add(id);
      patches.delete(id);
    }
    for (const c of step.put) {
      if (deleted.has(c.id)) return replaceAll;
      added.add(c.id);
    }
    for (const p of step.patch) {
      // A company made in this group is written whole, as it ends.
      if (added.has(p.id)) continue;
      const list = patches.get(p.id) ?? [];
      list.push(p);
      patches.set(p.id, list);
    }
  }
  const byId = new Map<string, Company>(head.companies.filter((c) => added.has(c.id)).map((c) => [c.id, c]));
  const patch = [...patches].map(([id, list]) => {
    const out: CompanyPatch = { id };
    const fields = list.reduce<CompanyPatch['fields']>((last, p) => p.fields ?? last, undefined);
    if (fields) out.fields = fields;
    for (const coll of COMPANY_COLLECTIONS) {
      const key = companyCollectionIndex[coll].spec.key as (x: unknown) => string;
      const final = () => (head.companies.find((c) => c.id === id)?.[coll] ?? []) as readonly unknown[];
      const squashed = squashKeyed(
        list.map((p) => p[coll] as Keyed<unknown> | undefined),
        key,
        final,
      );
      if (squashed) (out as Record<CompanyCollection, unknown>)[coll] = squashed;
    }
    return out;
  });
  return { put: [...added].flatMap((id) => byId.get(id) ?? []), patch, del: [...deleted] };
}

/** The change sets of a group, in commit order, as one; `head` is the state after the last of them. */
export function squash(changes: readonly ChangeSet[], head: StoreData): ChangeSet {
  const out: ChangeSet = {};
  const companies = squashCompanies(
    changes.map((c) => c.companies),
    head,
  );
  if (companies) out.companies = companies;
  const outbox = squashKeyed(
    changes.map((c) => c.outbox),
    entityKey.outbox,
    () => head.outbox,
  );
  if (outbox) out.outbox = outbox;
  const conversations = squashKeyed(
    changes.map((c) => c.conversations),
    entityKey.conversations,
    () => head.conversations,
  );
  if (conversations) out.conversations = conversations;
  const seenSteps = changes.flatMap((c) => (c.seen ? [c.seen] : []));
  if (seenSteps.length) {
    const put: Record<string, string> = {};
    const del = new Set<string>();
    for (const s of seenSteps) {
      for (const k of s.del) {
        delete put[k];
        del.add(k);
      }
      for (const [k, v] of Object.entries(s.put)) {
        // Kept after all: one upsert, so the two lists never name one key.
        del.delete(k);
        put[k] = v;
      }
    }
    out.seen = { put, del: [...del] };
  }
  return out;
}

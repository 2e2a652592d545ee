// A change set cut into the parts that belong to each company (its fields and collections, its outbox items
// and conversations), written beside the company's version so other replicas apply a change, not reload.
import type { Company, StoreData } from '../../domain/schemas.ts';
import {
  applyChanges,
  type ChangeSet,
  COMPANY_COLLECTIONS,
  type CompanyPatch,
  type Keyed,
} from '../changes.ts';
import { changeSetSchema } from '../check-changes.ts';
import { freezeChanged } from '../freeze.ts';

/** The company a conversation key names (keys are JSON arrays that start with the company id). */
export const conversationCompany = (key: string): string | undefined => {
  try {
    const parsed: unknown = JSON.parse(key);
    return Array.isArray(parsed) && typeof parsed[0] === 'string' ? parsed[0] : undefined;
  } catch {
    return undefined;
  }
};

function slice<T extends { companyId: string }>(
  change: Keyed<T> | undefined,
  owner: (key: string) => string | undefined,
  id: string,
): Keyed<T> | undefined | null {
  if (!change) return undefined;
  if ('replace' in change) return null;
  const put = change.put.filter((x) => x.companyId === id);
  const del = change.del.filter((k) => owner(k) === id);
  return put.length || del.length ? { put, del } : undefined;
}

/**
 * Each touched company's part of `changes` (made on `base`): null where a part cannot say it (a reordered
 * global collection, the company list replaced). Request keys are no company's: other replicas learn them
 * from the table's unique key when they need to.
 */
export function partsOf(
  changes: ChangeSet,
  base: StoreData,
  ids: Iterable<string>,
): Map<string, ChangeSet | null> {
  let outboxOwner: Map<string, string> | undefined;
  const ownerOfItem = (key: string) => {
    outboxOwner ??= new Map(base.outbox.map((x) => [x.id, x.companyId]));
    return outboxOwner.get(key);
  };
  const parts = new Map<string, ChangeSet | null>();
  const cc = changes.companies;
  for (const id of ids) {
    if (cc && 'replace' in cc) {
      parts.set(id, null);
      continue;
    }
    const part: ChangeSet = {};
    if (cc) {
      const put = cc.put.filter((c) => c.id === id);
      const patch = cc.patch.filter((p) => p.id === id);
      const del = cc.del.filter((d) => d === id);
      if (put.length || patch.length || del.length) part.companies = { put, patch, del };
    }
    const outbox = slice(changes.outbox, ownerOfItem, id);
    const conversations = slice(changes.conversations, conversationCompany, id);
    if (outbox === null || conversations === null) {
      parts.set(id, null);
      continue;
    }
    if (outbox) part.outbox = outbox;
    if (conversations) part.conversations = conversations;
    parts.set(id, part);
  }
  return parts;
}

/** A part read back, checked by the schema every change set is checked by; null when it does not read. */
export function readPart(raw: unknown): ChangeSet | null {
  const parsed = changeSetSchema().safeParse(raw);
  return parsed.success ? (parsed.data as ChangeSet) : null;
}

/** A shallow copy of `c` whose collections that `patch` changes are copies too, for applyChanges to change. */
function copyFor(c: Company, patch: CompanyPatch): Company {
  const copy: Record<string, unknown> = { ...c };
  for (const coll of COMPANY_COLLECTIONS) if (patch[coll]) copy[coll] = [...c[coll]];
  return copy as Company;
}

/** `state` (frozen) with `parts` applied in order; what they do not touch is shared, the rest frozen anew. */
export function applyParts(state: StoreData, parts: readonly ChangeSet[]): StoreData {
  if (!parts.length) return state;
  const next: StoreData = { ...state };
  if (parts.some((p) => p.companies)) next.companies = [...state.companies];
  if (parts.some((p) => p.outbox)) next.outbox = [...state.outbox];
  if (parts.some((p) => p.conversations)) next.conversations = [...state.conversations];
  for (const part of parts) {
    const cc = part.companies;
    if (cc && !('replace' in cc))
      for (const p of cc.patch) {
        const at = next.companies.findIndex((c) => c.id === p.id);
        const c = next.companies[at];
        if (c) next.companies[at] = copyFor(c, p);
      }
    applyChanges(next, part);
  }
  // What the parts wrote is frozen (long collections settled), as a committed state's is.
  for (const part of parts) freezeChanged(next, part);
  return next;
}

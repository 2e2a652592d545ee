// One schema, checked before every durable write: a change set is valid when each entity it writes reads
// back with the schema that loads the store. Only what changed is checked, so the cost stays flat.
import { z } from 'zod';
import {
  AccessRequestSchema,
  AccessReviewSchema,
  type AuditEvent,
  AuditEventSchema,
  CompanySchema,
  IsoDateTime,
  MemberSchema,
  OutboxItemSchema,
  ReviewItemSchema,
  StoredConversationSchema,
  SubscriptionSchema,
  SupportCaseSchema,
  SupportContactSchema,
  TimedGrantSchema,
} from '../domain/schemas.ts';
import { type ChangeSet, COMPANY_COLLECTIONS, companyCollectionIndex, entityKey } from './changes.ts';

const keyed = <T extends z.ZodType>(item: T) =>
  z
    .object({
      put: z.array(item).optional(),
      del: z.array(z.string()).optional(),
      replace: z.array(item).optional(),
    })
    .strict()
    .refine(
      (k) => (k.replace !== undefined) !== (k.put !== undefined && k.del !== undefined),
      'expected either put and del, or replace',
    );

const CompanyFieldsSchema = CompanySchema.omit({
  subscriptions: true,
  members: true,
  contacts: true,
  cases: true,
  requests: true,
  grants: true,
  reviews: true,
  reviewItems: true,
});

const CompanyPatchSchema = z
  .object({
    id: z.string(),
    fields: CompanyFieldsSchema.optional(),
    subscriptions: keyed(SubscriptionSchema).optional(),
    members: keyed(MemberSchema).optional(),
    contacts: keyed(SupportContactSchema).optional(),
    cases: keyed(SupportCaseSchema).optional(),
    requests: keyed(AccessRequestSchema).optional(),
    grants: keyed(TimedGrantSchema).optional(),
    reviews: keyed(AccessReviewSchema).optional(),
    reviewItems: keyed(ReviewItemSchema).optional(),
  })
  .strict();

export const ChangeSetSchema = z
  .object({
    companies: z
      .object({
        put: z.array(CompanySchema).optional(),
        patch: z.array(CompanyPatchSchema).optional(),
        del: z.array(z.string()).optional(),
        replace: z.array(CompanySchema).optional(),
      })
      .strict()
      .optional(),
    outbox: keyed(OutboxItemSchema).optional(),
    conversations: keyed(StoredConversationSchema).optional(),
    seen: z
      .object({ put: z.record(z.string(), IsoDateTime), del: z.array(z.string()) })
      .strict()
      .optional(),
  })
  .strict();

export type ChangeProblem = { field: string; problem: string };

const AuditEventsSchema = z.array(AuditEventSchema);

/**
 * Names a place in a change set the way an operator finds it in the data: array positions of entities
 * become their keys, e.g. companies[acme].members[ana@example.com].name.
 */
function describe(changes: unknown, path: readonly PropertyKey[]): string {
  let out = '';
  let node: unknown = changes;
  let collection = '';
  for (const step of path) {
    const next = (node as Record<PropertyKey, unknown> | undefined)?.[step as string];
    if (typeof step === 'number') {
      const keyOf =
        collection === 'companies'
          ? entityKey.company
          : (entityKey as unknown as Record<string, ((x: unknown) => string) | undefined>)[collection];
      let key: string | undefined;
      try {
        key = next && keyOf ? keyOf(next as never) : undefined;
      } catch {
        key = undefined;
      }
      out += `[${key ?? step}]`;
    } else if (['put', 'del', 'replace', 'patch'].includes(String(step))) {
      // The operation is how the change travels, not where the data is.
    } else {
      out += out ? `.${String(step)}` : String(step);
      collection = String(step);
    }
    node = next;
  }
  return out || '(the change)';
}

function duplicateKey<T>(items: readonly T[] | undefined, key: (x: T) => string): string | undefined {
  const seen = new Set<string>();
  for (const x of items ?? []) {
    const k = key(x);
    if (seen.has(k)) return k;
    seen.add(k);
  }
  return undefined;
}

/** Entities that share a key: valid one by one, but no store can keep both. */
function duplicates(changes: ChangeSet): ChangeProblem | undefined {
  const dup = (where: string, k: string | undefined) =>
    k === undefined ? undefined : { field: where, problem: `two entries have the key ${k}` };
  const cc = changes.companies;
  const companies = cc && 'replace' in cc ? cc.replace : (cc?.put ?? []);
  const found = dup('companies', duplicateKey(companies, entityKey.company));
  if (found) return found;
  const patches = cc && 'patch' in cc ? cc.patch : [];
  for (const c of [...companies, ...patches])
    for (const coll of COMPANY_COLLECTIONS) {
      const value = (c as Record<string, unknown>)[coll];
      const items = Array.isArray(value)
        ? value
        : value && typeof value === 'object'
          ? ((value as { put?: unknown[]; replace?: unknown[] }).put ??
            (value as { replace?: unknown[] }).replace)
          : undefined;
      const key = companyCollectionIndex[coll].spec.key as (x: unknown) => string;
      const d = dup(`companies[${c.id}].${coll}`, duplicateKey(items, key));
      if (d) return d;
    }
  const list = <T>(k: { put: T[] } | { replace: T[] } | undefined) =>
    k && 'replace' in k ? k.replace : k?.put;
  return (
    dup('outbox', duplicateKey(list(changes.outbox), entityKey.outbox)) ??
    dup('conversations', duplicateKey(list(changes.conversations), entityKey.conversations))
  );
}

/** Why these changes and audit events would not read back, or null when they would. */
export function checkChanges(changes: ChangeSet, events: readonly unknown[]): ChangeProblem | null {
  const parsed = ChangeSetSchema.safeParse(changes);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { field: describe(changes, issue?.path ?? []), problem: issue?.message ?? 'is not valid' };
  }
  const dup = duplicates(changes);
  if (dup) return dup;
  const audit = AuditEventsSchema.safeParse(events);
  if (!audit.success) {
    const issue = audit.error.issues[0];
    const [index, ...rest] = issue?.path ?? [];
    return {
      field: `audit event ${typeof index === 'number' ? index + 1 : ''}${rest.length ? `.${rest.join('.')}` : ''}`,
      problem: issue?.message ?? 'is not valid',
    };
  }
  return null;
}

const JournalLineSchema = z
  .object({ seq: z.number().int().positive(), changes: ChangeSetSchema, audit: AuditEventsSchema })
  .strict();

export type JournalLine = { seq: number; changes: ChangeSet; audit: AuditEvent[] };

/** A journal line read back: checked by the same schemas as before it was written. */
export function parseJournalLine(
  raw: unknown,
): ({ ok: true } & JournalLine) | ({ ok: false } & ChangeProblem) {
  const parsed = JournalLineSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const [first, ...rest] = issue?.path ?? [];
    const changes = (raw as { changes?: unknown } | null)?.changes;
    const field = first === 'changes' ? describe(changes, rest) : (issue?.path.map(String).join('.') ?? ROOT);
    return { ok: false, field: field || ROOT, problem: issue?.message ?? 'is not valid' };
  }
  const changes = parsed.data.changes as ChangeSet;
  const dup = duplicates(changes);
  if (dup) return { ok: false, ...dup };
  return { ok: true, seq: parsed.data.seq, changes, audit: parsed.data.audit };
}

const ROOT = '(root)';

// Running one transaction function on a state: draft, audit, finish, diff, check. Every store shares it.
import { current, type Draft, Immer, isDraft } from 'immer';
import { chainAudit } from '../domain/audit.ts';
import type { AuditEvent, StoreData } from '../domain/schemas.ts';
import { type ChangeSet, diffState, isEmptyChange, shareUnchanged } from './changes.ts';
import { checkChanges } from './check-changes.ts';
import { InvalidChangeError } from './errors.ts';
import { freezeChanged } from './freeze.ts';
import type { Tx, TxFn, TxOutcome } from './store.ts';

export type Ran<T> =
  | { value: T; next: null }
  | { value: T; next: StoreData; changes: ChangeSet; events: AuditEvent[] };

/** Our own immer: the next state is frozen by what changed (freeze.ts), not walked whole. */
const immer = new Immer({ autoFreeze: false });

function isOutcome(x: unknown): x is TxOutcome<unknown> {
  return typeof x === 'object' && x !== null && 'commit' in x && typeof x.commit === 'boolean';
}

/**
 * Runs `fn` on a draft of `base` (a committed state, see freeze.ts). A commit yields the next state (as
 * immutable, sharing what did not change), what changed, and the audit events; `next` is null when nothing is to be written.
 * Throws what `fn` throws, or InvalidChangeError when the result would not read back.
 */
export function runTransaction<T>(base: StoreData, fn: TxFn<T>): Ran<T> {
  const draft = immer.createDraft(base);
  const events: AuditEvent[] = [];
  let open = true;
  const tx: Tx = {
    audit(entry) {
      if (!open) throw new Error('tx.audit was called after its transaction ended');
      const company = draft.companies.find((c) => c.id === entry.companyId);
      if (!company)
        throw new Error(`an audit event names company ${entry.companyId}, which is not in the store`);
      const { event, head } = chainAudit(company.auditHead, entry);
      company.auditHead = head;
      events.push(event);
      return event;
    },
  };
  let outcome: unknown;
  try {
    outcome = fn(draft as StoreData, tx);
  } finally {
    open = false;
  }
  if (!isOutcome(outcome))
    throw new TypeError('A store transaction must return commit(value) or rollback(value) synchronously.');
  const { commit, value } = outcome as TxOutcome<T>;
  // A draft handed back as the value would be revoked once the draft is finished.
  const result = isDraft(value) ? (current(value as Draft<T>) as T) : value;
  if (!commit) return { value: result, next: null };
  const next = immer.finishDraft(draft) as StoreData;
  if (next === base) return { value: result, next: null };
  if (next.schemaVersion !== base.schemaVersion)
    throw new InvalidChangeError('schemaVersion', 'a transaction cannot change the schema version');
  const changes = diffState(base, next);
  // Touched but not changed (a list put back as it was): nothing to write, and `base` stays committed.
  if (isEmptyChange(changes) && !events.length) return { value: result, next: null };
  shareUnchanged(base, next, changes);
  const problem = checkChanges(changes, events);
  if (problem) throw new InvalidChangeError(problem.field, problem.problem);
  freezeChanged(next, changes, base);
  return { value: result, next, changes, events };
}

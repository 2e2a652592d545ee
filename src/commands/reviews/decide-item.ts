// One decision on one review item: checked, carried out (Remove revokes), audited, and shown on every card.
import { findMember } from '../../domain/company.ts';
import type { AccessReview, Company, ReviewItem } from '../../domain/schemas.ts';
import type { Caller } from '../../policy/caller.ts';
import { authorize, type Decision } from '../../policy/capabilities.ts';
import { text, timeAt } from '../../views/view.ts';
import { cannotRemove, changedSince, findReview, mayDecide, roleName } from '../../workflow/review-items.ts';
import type { CommandContext, CommandResult } from '../command.ts';
import { conflict, notFound } from '../failure.ts';
import { requireCompany } from '../lookups.ts';
import { removeRole } from './remove-role.ts';

export const REVIEW_ID = /^RV-\d{1,9}$/;
export const reviewIdMessage = 'expected a review id such as RV-1001';

/** A review that can still take decisions, or why not (to the presser alone; nothing changes). */
export function openReview(ctx: CommandContext, id: string) {
  const company = requireCompany(ctx);
  const r = findReview(company, id);
  if (!r) return notFound('access review', id, 'see `review status`');
  if (r.status !== 'open')
    return conflict(text(`${r.id} closed at `, timeAt(r.closedAt ?? r.dueAt), '; nothing changed.'));
  return { ok: true, value: { company, r } } as const;
}

const personOf = (c: Company, email: string) => ({ name: findMember(c, email)?.name ?? email, email });

/**
 * The presser may decide an item if they were asked to and still hold the role that made them a reviewer;
 * never their own access. Asked afresh on every press: a card is never a permission.
 */
export function authorizeItem(
  c: Company | undefined,
  caller: Caller,
  r: AccessReview,
  item: ReviewItem,
): Decision {
  const scope = item.role.kind === 'infra' && !item.escalated ? item.role.infra : undefined;
  if (caller.kind === 'member' && c && mayDecide(c, item, caller.email))
    return { allowed: true, via: scope ? 'infra-admin-of-scope' : 'company-admin' };
  const base = authorize(c, caller, 'browse');
  if (!base.allowed) return base;
  const others = c ? item.reviewers.filter((e) => mayDecide(c, item, e)).map((e) => personOf(c, e)) : [];
  const own = caller.kind !== 'unknown' && caller.email === item.email;
  return {
    allowed: false,
    capability: 'review-access',
    rule: own
      ? `only reviewers other than the holder may decide item ${item.n} of ${r.id}: nobody reviews their own access`
      : `only the reviewers of item ${item.n} of ${r.id} (${roleName(item.role)} of ${item.email}) may decide it`,
    couldInstead: others,
  };
}

type Decided = {
  ok: true;
  changed: boolean;
  notices: NonNullable<Extract<CommandResult, { ok: true }>['notices']>;
};

/** Records `decision` on `item`; Remove revokes first and stops (changing nothing) when the rule refuses. */
export function decideItem(
  ctx: CommandContext,
  r: AccessReview,
  item: ReviewItem,
  decision: 'keep' | 'remove',
): Decided | { ok: false; result: CommandResult } {
  const company = requireCompany(ctx);
  if (item.decision === decision) return { ok: true, changed: false, notices: [] };
  if (item.decision !== 'undecided') {
    const by = item.decidedBy
      ? (findMember(company, item.decidedBy)?.name ?? item.decidedBy)
      : 'the due date';
    return {
      ok: false,
      result: conflict(
        `${roleName(item.role)} of ${item.email} was already ${item.decision === 'keep' ? 'kept' : 'removed'} by ${by}; nothing changed.`,
        item.decision === 'keep' ? 'To take it away now, use `revoke` as usual.' : undefined,
      ),
    };
  }
  let notices: Decided['notices'] = [];
  let note: string | undefined;
  if (decision === 'remove') {
    const blocked = cannotRemove(company, item);
    if (blocked) return { ok: false, result: conflict(`${blocked}; nothing changed.`, 'Keep it instead.') };
    const changed = changedSince(company, item);
    if (!changed) {
      const revoked = removeRole(ctx, item);
      if (!revoked.ok) return { ok: false, result: revoked };
      notices = revoked.notices ?? [];
    } else note = `${changed}; nothing was revoked`;
  } else note = changedSince(company, item) ?? undefined;
  const by = ctx.caller.kind === 'unknown' ? undefined : ctx.caller.email;
  item.decision = decision;
  if (by) item.decidedBy = by;
  item.decidedAt = ctx.now.toISOString();
  if (note) item.note = note;
  ctx.audit({
    action: 'review.decide',
    target: item.email,
    ...(item.role.kind === 'infra' ? { infra: item.role.infra } : {}),
    before: { review: r.id, item: item.n, role: roleName(item.role), decision: 'undecided' },
    after: { review: r.id, item: item.n, role: roleName(item.role), decision, ...(note ? { note } : {}) },
  });
  return { ok: true, changed: true, notices };
}

// Removing someone ends everything they had: time-bound grants, their waiting requests, the approvals they gave.
import type { Chat, Company } from '../domain/schemas.ts';
import { isBroken } from '../policy/rule-switch.ts';
import type { NewOutboxItem } from './outbox.ts';
import { afterStateChange } from './requests.ts';

type Audit = (e: { action: string; target: string; infra?: string; before: unknown; after: unknown }) => void;
type Who = { by: string; at: string; chat: Chat };

/**
 * Ends what `email` held beyond their membership, once they are off the team (or their invitation is
 * cancelled): nothing old survives to act on a later re-invitation (an old grant ending would strip a new
 * role). Every changed request's cards are updated through the outbox, as a decision updates them.
 */
export function endEverything(c: Company, email: string, who: Who, audit: Audit): NewOutboxItem[] {
  if (isBroken('removal-ends-all')) return [];
  const items: NewOutboxItem[] = [];
  const grants = c.grants.filter((g) => g.email === email);
  if (grants.length) {
    c.grants = c.grants.filter((g) => g.email !== email);
    audit({ action: 'grant.end', target: email, before: grants, after: [] });
  }
  for (const r of c.requests.filter((x) => x.status === 'pending')) {
    if (r.requester === email) {
      r.status = 'cancelled';
      r.decision = { ...who, reason: `${email} was removed from the team` };
      audit({
        action: 'request.withdraw',
        target: r.id,
        ...(r.infra ? { infra: r.infra } : {}),
        before: { status: 'pending' },
        after: { status: r.status, reason: r.decision.reason },
      });
      items.push(...afterStateChange(c, r));
    } else if (r.approvals.some((a) => a.by === email)) {
      const before = r.approvals.length;
      r.approvals.splice(
        r.approvals.findIndex((a) => a.by === email),
        1,
      );
      audit({
        action: 'request.approval-dropped',
        target: r.id,
        ...(r.infra ? { infra: r.infra } : {}),
        before: { approvals: before },
        after: { approvals: r.approvals.length },
      });
      items.push(...afterStateChange(c, r, `dropped@${who.at}`));
    }
  }
  return items;
}

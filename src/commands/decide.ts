// Shared by approve and deny: find the request, check it can still be decided, and tell everyone after.

import { z } from 'zod';
import { findMember } from '../domain/company.ts';
import type { AccessRequest, Company } from '../domain/schemas.ts';
import { optionalUserText } from '../domain/user-text.ts';
import { text, timeAt } from '../views/view.ts';
import { afterStateChange, authorizeDecision, type DecisionAction } from '../workflow/requests.ts';
import type { CommandContext } from './command.ts';
import { conflict, notFound } from './failure.ts';
import { requireCompany } from './lookups.ts';

export const decideSchema = z.object({
  id: z
    .string({ error: 'ID is missing' })
    .trim()
    .toUpperCase()
    .regex(/^AR-\d{1,9}$/, 'expected a request id such as AR-1001'),
  reason: optionalUserText('a reason', 500),
});
export type DecideArgs = z.infer<typeof decideSchema>;

export const findRequest = (c: Company | undefined, id: string) => c?.requests.find((r) => r.id === id);

export const authorizeDecide = (action: DecisionAction) => (ctx: CommandContext, args: DecideArgs) =>
  authorizeDecision(ctx.company, ctx.caller, findRequest(ctx.company, args.id), action);

/** A request that cannot be decided any more says why, to the presser alone, and changes nothing. */
export function openRequest(ctx: CommandContext, id: string) {
  const company = requireCompany(ctx);
  const r = findRequest(company, id);
  if (!r) return notFound('access request', id, 'see `requests`');
  if (r.status !== 'pending') {
    const who = findMember(company, r.decision?.by ?? '')?.name ?? r.decision?.by;
    return conflict(
      text(
        `${r.id} is already ${r.status}${who ? ` by ${who}` : ''}`,
        ...(r.decision ? [' at ', timeAt(r.decision.at)] : []),
        '; nothing changed.',
      ),
    );
  }
  if (r.expiresAt <= ctx.now.toISOString())
    return conflict(text(`${r.id} expired at `, timeAt(r.expiresAt), '; nothing changed.'));
  return { ok: true, value: { company, r } } as const;
}

export function notifyAll(ctx: CommandContext, company: Company, r: AccessRequest) {
  for (const item of afterStateChange(company, r)) ctx.enqueue(item);
}

/** Ends a request with a decision: recorded, audited, and told to every copy and the requester. */
export function settle(
  ctx: CommandContext,
  company: Company,
  r: AccessRequest,
  status: 'approved' | 'denied',
  reason: string | undefined,
  before: unknown,
) {
  const by = ctx.caller.kind === 'unknown' ? '' : ctx.caller.email;
  r.status = status;
  r.decision = { by, at: ctx.now.toISOString(), chat: ctx.caller.chat, ...(reason ? { reason } : {}) };
  ctx.audit({
    action: status === 'approved' ? 'request.approve' : 'request.deny',
    target: r.id,
    ...(r.infra ? { infra: r.infra } : {}),
    before,
    after: { status, approvals: r.approvals.length, reason: reason ?? null },
  });
  notifyAll(ctx, company, r);
}

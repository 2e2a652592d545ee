// approve ID: an eligible approver approves; at the quorum the grant is made (time-bound when asked so).
import { findMember } from '../domain/company.ts';
import { count } from '../views/plural.ts';
import { textBlock, view } from '../views/view.ts';
import { grantRole } from '../workflow/grants.ts';
import { approvalsStillNeeded } from '../workflow/requests.ts';
import { defineCommand } from './command.ts';
import { authorizeDecide, type DecideArgs, decideSchema, notifyAll, openRequest, settle } from './decide.ts';
import { conflict } from './failure.ts';

export default defineCommand<DecideArgs>({
  name: 'approve',
  summary: 'Approve an access request you could grant yourself',
  usage: 'approve ID',
  examples: ['approve AR-1001'],
  positionals: ['id'],
  flags: { reason: 'string' },
  schema: decideSchema,
  capability: 'manage-infra-roles',
  changes: true,
  authorize: authorizeDecide('approve'),
  run(ctx, args) {
    const open = openRequest(ctx, args.id);
    if (!open.ok) return open;
    const { company, r } = open.value;
    const by = ctx.caller.kind === 'unknown' ? '' : ctx.caller.email;
    const before = { status: r.status, approvals: r.approvals.length, reason: null };
    // Pressed again by someone who approved, once nobody else is left to: it completes, with one approval each.
    if (!r.approvals.some((a) => a.by === by))
      r.approvals.push({ by, at: ctx.now.toISOString(), chat: ctx.caller.chat });
    const needed = approvalsStillNeeded(company, r);
    if (needed > 0) {
      ctx.audit({
        action: 'request.approval',
        target: r.id,
        ...(r.infra ? { infra: r.infra } : {}),
        before,
        after: { status: r.status, approvals: r.approvals.length },
      });
      notifyAll(ctx, company, r);
      return {
        ok: true,
        view: view(
          [
            textBlock(
              `Approval recorded: ${r.approvals.length} of ${r.approvals.length + needed}. It waits for ${count(needed, 'more approval')} from someone else.`,
            ),
          ],
          { tone: 'success' },
        ),
      };
    }
    const m = findMember(company, r.requester);
    if (!m) return conflict(`${r.requester} is no longer on the team; nothing was granted.`);
    const granted = grantRole(
      company,
      m,
      {
        kind: r.kind,
        ...(r.infra ? { infra: r.infra } : {}),
        ...(r.forMs ? { forMs: r.forMs } : {}),
        source: `request ${r.id}`,
      },
      ctx.now,
      ctx.audit,
    );
    if (!granted.ok) return conflict(granted.message, granted.hint);
    settle(ctx, company, r, 'approved', args.reason, before);
    return {
      ok: true,
      view: view([textBlock(`Approved ${r.id}.`), { kind: 'text', text: granted.line }], { tone: 'success' }),
    };
  },
});

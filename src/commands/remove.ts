// remove EMAIL: delete an active member from the team, never the last Company Admin.
import { z } from 'zod';
import { describeRoles } from '../domain/company.ts';
import type { Company, Member } from '../domain/schemas.ts';
import { count } from '../views/plural.ts';
import type { Span } from '../views/view.ts';
import { memberRef, textBlock, view } from '../views/view.ts';
import { endEverything } from '../workflow/removal.ts';
import { defineCommand, needs } from './command.ts';
import { confirmArg, unlessConfirmed } from './confirm.ts';
import { conflict } from './failure.ts';
import { emailArg, requireCompany, requireMember } from './lookups.ts';
import { guardChange, lastInfraAdmin, lastInfraAdminWarning } from './role-change.ts';
import { holdersOfSecurity, lastSecurityContactWarning } from './security-contact-clear.ts';

const schema = z.object({ email: emailArg, confirm: confirmArg });

export default defineCommand<z.infer<typeof schema>>({
  name: 'remove',
  summary: 'Remove a member from the team',
  usage: 'remove EMAIL [--confirm]',
  examples: ['remove adelev@example.com'],
  positionals: ['email'],
  flags: { confirm: 'boolean' },
  schema,
  capability: 'remove-people',
  changes: true,
  authorize: needs('remove-people'),
  run(ctx, args) {
    const found = requireMember(ctx, args.email, { status: 'active' });
    if (!found.ok) {
      if (found.failure.kind === 'not-found' && found.failure.what === 'active member')
        return conflict(
          `${args.email} has not joined yet.`,
          `To withdraw the invitation: \`cancel-invite ${args.email}\`.`,
        );
      return found;
    }
    const company = requireCompany(ctx);
    const m = found.value;
    const refused = guardChange(ctx, m.email, 'remove');
    if (refused) return refused;
    const ask = unlessConfirmed(ctx, args.confirm, {
      name: 'remove',
      args: { email: m.email },
      typed: `remove ${m.email} --confirm`,
      warnings: [
        ...Object.keys(m.roles)
          .filter((infra) => lastInfraAdmin(company, m, infra))
          .map((infra) => lastInfraAdminWarning(ctx, m, infra)),
        ...(m.security && holdersOfSecurity(company) === 1 ? [lastSecurityContactWarning(m)] : []),
      ],
      explain: [textBlock(...whatRemovalEnds(company, m))],
    });
    if (ask) return ask;
    company.members = company.members.filter((x) => x.email !== m.email);
    ctx.audit({ action: 'member.remove', target: m.email, before: m, after: null });
    const who = {
      by: ctx.caller.kind === 'unknown' ? '' : ctx.caller.email,
      at: ctx.now.toISOString(),
      chat: ctx.caller.chat,
    };
    for (const item of endEverything(company, m.email, who, ctx.audit)) ctx.enqueue(item);
    return {
      ok: true,
      view: view([textBlock('Removed ', memberRef(m), ' from the team.')], { tone: 'success' }),
    };
  },
});

/** Everything removing `m` takes away, in one sentence (removal.ts does it). */
function whatRemovalEnds(c: Company, m: Member): Array<string | Span> {
  const grants = c.grants.filter((g) => g.email === m.email).length;
  const asked = c.requests.filter((r) => r.status === 'pending' && r.requester === m.email).length;
  const approved = c.requests.filter(
    (r) => r.status === 'pending' && r.approvals.some((a) => a.by === m.email),
  ).length;
  const ends = [
    grants ? `ends ${count(grants, 'time-bound grant')}` : '',
    asked ? `withdraws ${count(asked, 'pending request')}` : '',
    approved ? `drops their approval of ${count(approved, 'pending request')}` : '',
  ].filter(Boolean);
  return [
    'Removing ',
    memberRef(m),
    ` takes away every role they hold (${describeRoles(m)})`,
    ends.length ? `, ${ends.join(', ')}` : '',
    '. They can be invited again later.',
  ];
}

// case approve ID: an Infra Admin of the case's infrastructure lets a waiting case through.
import { z } from 'zod';
import { infraAdmins } from '../domain/company.ts';
import { CaseIdSchema, type Company } from '../domain/schemas.ts';
import { authorize } from '../policy/capabilities.ts';
import { isBroken } from '../policy/rule-switch.ts';
import { strong, textBlock, view } from '../views/view.ts';
import { defineCommand } from './command.ts';
import { conflict, notFound } from './failure.ts';
import { requireCompany } from './lookups.ts';

const schema = z.object({ id: z.string({ error: 'ID is missing' }).trim().toUpperCase().pipe(CaseIdSchema) });

export default defineCommand<z.infer<typeof schema>>({
  name: 'case approve',
  summary: 'Approve a support case opened by someone not on its infrastructure',
  usage: 'case approve ID',
  examples: ['case approve CS-1003'],
  positionals: ['id'],
  flags: {},
  schema,
  capability: 'approve-case',
  changes: true,
  authorize(ctx, args) {
    const c = ctx.company?.cases.find((x) => x.id === args.id);
    // An unknown id is answered as not found by run(); that reveals nothing about other cases.
    if (!c) return authorize(ctx.company, ctx.caller, 'browse');
    const d = authorize(ctx.company, ctx.caller, 'approve-case', c.infra);
    if (
      d.allowed &&
      ctx.caller.kind !== 'unknown' &&
      c.openedBy === ctx.caller.email &&
      !isBroken('no-self-approval')
    )
      return {
        allowed: false,
        capability: 'approve-case',
        rule: `nobody may approve their own case; another Infra Admin of ${c.infra} may approve it`,
        couldInstead: infraAdmins(ctx.company as Company, c.infra)
          .filter((m) => m.email !== c.openedBy)
          .map((m) => ({ name: m.name, email: m.email })),
      };
    return d;
  },
  run(ctx, args) {
    const company = requireCompany(ctx);
    const c = company.cases.find((x) => x.id === args.id);
    if (!c) return notFound('support case', args.id, 'see `cases` for the list');
    if (c.status !== 'awaiting-approval')
      return conflict(
        `${c.id} does not need approval${c.approvedBy ? ` (approved by ${c.approvedBy})` : ''}; nothing changed.`,
      );
    const before = { status: c.status };
    c.status = 'open';
    c.approvedBy = ctx.caller.kind === 'unknown' ? '' : ctx.caller.email;
    ctx.audit({
      action: 'case.approve',
      target: c.id,
      infra: c.infra,
      before,
      after: { status: c.status, approvedBy: c.approvedBy },
    });
    const line = textBlock('Approved ', strong(c.id), ` on ${c.infra}: `, c.title);
    return {
      ok: true,
      view: view([line], { tone: 'success' }),
      notices: [
        {
          to: { companyId: company.id, email: c.openedBy },
          view: view([line]),
          reason: 'you opened this case',
        },
      ],
    };
  },
});

// remove EMAIL: delete an active member from the team, never the last Company Admin.
import { z } from 'zod';
import { memberRef, textBlock, view } from '../views/view.ts';
import { endEverything } from '../workflow/removal.ts';
import { defineCommand, needs } from './command.ts';
import { conflict } from './failure.ts';
import { emailArg, requireCompany, requireMember } from './lookups.ts';
import { guardChange } from './role-change.ts';

const schema = z.object({ email: emailArg });

export default defineCommand<z.infer<typeof schema>>({
  name: 'remove',
  summary: 'Remove a member from the team',
  usage: 'remove EMAIL',
  examples: ['remove adelev@example.com'],
  positionals: ['email'],
  flags: {},
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

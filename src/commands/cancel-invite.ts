// cancel-invite EMAIL: withdraw an invitation that has not been accepted.
import { z } from 'zod';
import { memberRef, textBlock, view } from '../views/view.ts';
import { endEverything } from '../workflow/removal.ts';
import { defineCommand, needs } from './command.ts';
import { confirmArg, unlessConfirmed } from './confirm.ts';
import { emailArg, requireCompany, requireMember } from './lookups.ts';

const schema = z.object({ email: emailArg, confirm: confirmArg });

export default defineCommand<z.infer<typeof schema>>({
  name: 'cancel-invite',
  summary: 'Cancel an invitation that has not been accepted',
  usage: 'cancel-invite EMAIL [--confirm]',
  examples: ['cancel-invite nestor@example.com'],
  positionals: ['email'],
  flags: { confirm: 'boolean' },
  schema,
  capability: 'remove-people',
  changes: true,
  authorize: needs('remove-people'),
  run(ctx, args) {
    const found = requireMember(ctx, args.email, { status: 'pending' });
    if (!found.ok) return found;
    const company = requireCompany(ctx);
    const m = found.value;
    const ask = unlessConfirmed(ctx, args.confirm, {
      name: 'cancel-invite',
      args: { email: m.email },
      typed: `cancel-invite ${m.email} --confirm`,
      explain: [
        textBlock(
          'The invitation of ',
          memberRef(m),
          ' is withdrawn: they can no longer accept it, and any time-bound role given to them ends.',
        ),
      ],
    });
    if (ask) return ask;
    company.members = company.members.filter((x) => x.email !== m.email);
    ctx.audit({ action: 'member.cancel-invite', target: m.email, before: m, after: null });
    const who = {
      by: ctx.caller.kind === 'unknown' ? '' : ctx.caller.email,
      at: ctx.now.toISOString(),
      chat: ctx.caller.chat,
    };
    for (const item of endEverything(company, m.email, who, ctx.audit)) ctx.enqueue(item);
    return {
      ok: true,
      view: view([textBlock('Cancelled the invitation of ', memberRef(m), '.')], { tone: 'success' }),
    };
  },
});

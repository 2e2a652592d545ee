// resend EMAIL: send an invitation again, with a fresh expiry.
import { z } from 'zod';
import { findMember } from '../domain/company.ts';
import { invitationExpiry } from '../domain/invitation.ts';
import { authorizeResend } from '../policy/resend.ts';
import { memberRef, textBlock, timeAt, view } from '../views/view.ts';
import { queueInvitation } from '../workflow/invitation-message.ts';
import { defineCommand } from './command.ts';
import { emailArg, requireCompany, requireMember } from './lookups.ts';

const schema = z.object({ email: emailArg });

export default defineCommand<z.infer<typeof schema>>({
  name: 'resend',
  summary: 'Renew an invitation and deliver it again (it gets a new expiry date)',
  usage: 'resend EMAIL',
  examples: ['resend nestor@example.com'],
  positionals: ['email'],
  flags: {},
  schema,
  capability: 'invite',
  changes: true,
  authorize: (ctx, args) =>
    authorizeResend(ctx.company, ctx.caller, ctx.company ? findMember(ctx.company, args.email) : undefined),
  run(ctx, args) {
    const found = requireMember(ctx, args.email, { status: 'pending' });
    if (!found.ok) return found;
    const m = found.value;
    const before = { expiresAt: m.invitation?.expiresAt };
    const expiresAt = invitationExpiry(ctx.now);
    m.invitation = {
      ...(m.invitation ?? { invitedBy: '', invitedAt: '' }),
      invitedBy: ctx.caller.kind === 'unknown' ? '' : ctx.caller.email,
      invitedAt: ctx.now.toISOString(),
      expiresAt,
    };
    ctx.audit({ action: 'member.resend', target: m.email, before, after: { expiresAt } });
    const company = requireCompany(ctx);
    const delivery = queueInvitation((item) => ctx.enqueue(item), ctx.reach, company, m);
    return {
      ok: true,
      view: view(
        [
          textBlock(
            'Invitation renewed for ',
            memberRef(m),
            '; it now expires on ',
            timeAt(expiresAt, 'date'),
            '.',
          ),
          delivery,
        ],
        {
          tone: 'success',
        },
      ),
    };
  },
});

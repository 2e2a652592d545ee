// accept: an invited person joins the team, if their invitation has not run out.
import { z } from 'zod';
import { activeCompanyAdmins, describeRoles, findMember } from '../domain/company.ts';
import { isExpired } from '../domain/invitation.ts';
import { memberRef, strong, text, textBlock, timeAt, view } from '../views/view.ts';
import { joinTeam } from '../workflow/join-team.ts';
import { defineCommand, needs } from './command.ts';
import { conflict } from './failure.ts';

const schema = z.object({});

export default defineCommand<z.infer<typeof schema>>({
  name: 'accept',
  summary: 'Accept your invitation and join the team',
  usage: 'accept',
  examples: ['accept'],
  positionals: [],
  flags: {},
  schema,
  capability: 'accept-invitation',
  changes: true,
  authorize: needs('accept-invitation'),
  run(ctx) {
    const m =
      ctx.company && ctx.caller.kind === 'pending' ? findMember(ctx.company, ctx.caller.email) : undefined;
    if (!m || !ctx.company) return conflict('You have no invitation waiting.');
    if (isExpired(m.invitation, ctx.now)) {
      const admins = activeCompanyAdmins(ctx.company).map((a) => a.name);
      return conflict(
        text('Your invitation expired on ', timeAt(m.invitation?.expiresAt ?? '', 'date'), '.'),
        `Ask ${m.invitation?.invitedBy ?? admins.join(', ')} to resend it (\`resend ${m.email}\`).`,
      );
    }
    ctx.audit(joinTeam(m, ctx.now));
    return {
      ok: true,
      view: view(
        [
          textBlock('Welcome to ', strong(ctx.company.name), ', ', memberRef(m), '!'),
          textBlock('Your roles: ', describeRoles(m)),
        ],
        { tone: 'success' },
      ),
    };
  },
});

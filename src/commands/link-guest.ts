// link-guest EMAIL slack|teams ID: a Company Admin lets a guest chat account act as a member (DESIGN.md: "unless linked").
import { z } from 'zod';
import type { ChatIdentity } from '../domain/schemas.ts';
import { code, memberRef, textBlock, view } from '../views/view.ts';
import { defineCommand, needs } from './command.ts';
import { conflict } from './failure.ts';
import { emailArg, requireCompany, requireMember } from './lookups.ts';

const usage = 'link-guest EMAIL slack|teams ID';
const schema = z.object({
  email: emailArg,
  platform: z.enum(['slack', 'teams'], { error: 'expected slack or teams' }),
  id: z
    .string({ error: 'ID is missing: the Slack user id (U…) or the Teams Entra object id' })
    .trim()
    .regex(/^[A-Za-z0-9-]{3,64}$/, 'expected a Slack user id such as U0123ABCD or an Entra object id'),
});

export default defineCommand<z.infer<typeof schema>>({
  name: 'link-guest',
  summary: "Link a guest's Slack or Teams account to a member (guests are strangers until linked)",
  usage,
  examples: [
    'link-guest kim@partner.example slack U0GUEST1',
    'link-guest kim@partner.example teams 7faf8ab2-3d56-4244-b585-20c8a42ed2b8',
  ],
  positionals: ['email', 'platform', 'id'],
  flags: {},
  schema,
  capability: 'link-guests',
  changes: true,
  authorize: needs('link-guests'),
  run(ctx, args) {
    const company = requireCompany(ctx);
    const found = requireMember(ctx, args.email);
    if (!found.ok) return found;
    const m = found.value;
    const by = ctx.caller.kind === 'unknown' ? '' : ctx.caller.email;
    const workspace = args.platform === 'slack' ? company.slackTeamIds[0] : company.teamsTenantIds[0];
    if (!workspace)
      return conflict(
        `${company.name} is not connected to ${args.platform === 'slack' ? 'a Slack workspace' : 'a Teams tenant'}.`,
      );
    const identity: ChatIdentity =
      args.platform === 'slack'
        ? { platform: 'slack', teamId: workspace, userId: args.id, linkedBy: by }
        : { platform: 'teams', tenantId: workspace, aadObjectId: args.id.toLowerCase(), linkedBy: by };
    const key = (i: ChatIdentity) =>
      i.platform === 'slack' ? `slack:${i.teamId}:${i.userId}` : `teams:${i.tenantId}:${i.aadObjectId}`;
    const taken = company.members.find(
      (x) => x.email !== m.email && x.identities.some((i) => key(i) === key(identity)),
    );
    if (taken) return conflict(`That ${args.platform} account is already linked to ${taken.name}.`);
    const before = m.identities.map((i) => ({ ...i }));
    // One account per workspace: the link replaces whatever bound this member there before.
    m.identities = [...m.identities.filter((i) => i.platform !== args.platform), identity];
    ctx.audit({ action: 'identity.link-guest', target: m.email, before, after: m.identities });
    return {
      ok: true,
      view: view(
        [
          textBlock(
            'Linked ',
            code(args.id),
            ` on ${args.platform} to `,
            memberRef(m),
            '. That account now acts as them, guest or not.',
          ),
        ],
        {
          tone: 'success',
        },
      ),
    };
  },
});

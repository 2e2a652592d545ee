// settings approvals-channel [INFRA] CHANNEL|off [--platform slack|teams]: where access requests are posted.
import { z } from 'zod';
import { code, strong, textBlock, view } from '../views/view.ts';
import { defineCommand, needs } from './command.ts';
import { invalid } from './failure.ts';
import { infraArg, requireCompany, requireInfra } from './lookups.ts';

const usage = 'settings approvals-channel [INFRA] CHANNEL|off [--platform slack|teams]';
const schema = z.object({
  first: z.string({ error: 'CHANNEL is missing' }).trim().min(1).max(200),
  second: z.string().trim().max(200).optional(),
  platform: z.enum(['slack', 'teams'], { error: 'expected --platform slack or --platform teams' }).optional(),
});

/** Slack hands channels over as `<#C123|name>`; people also paste the bare id. */
const slackChannel = (s: string) =>
  s.match(/^<#([CG][A-Z0-9]+)(\|[^>]*)?>$/)?.[1] ?? (/^[CG][A-Z0-9]{6,}$/.test(s) ? s : null);

export default defineCommand<z.infer<typeof schema>>({
  name: 'settings approvals-channel',
  summary: 'Choose the channel where access requests are posted (for the company, or one infrastructure)',
  usage,
  examples: [
    'settings approvals-channel #portal-approvals',
    'settings approvals-channel prod-eu C0APPROVE',
    'settings approvals-channel off',
  ],
  positionals: ['first', 'second'],
  flags: { platform: 'string' },
  schema,
  capability: 'manage-settings',
  changes: true,
  authorize: needs('manage-settings'),
  run(ctx, args) {
    const company = requireCompany(ctx);
    const [infraWord, channelWord] =
      args.second !== undefined ? [args.first, args.second] : [undefined, args.first];
    let infra: string | undefined;
    if (infraWord !== undefined) {
      const parsed = infraArg.safeParse(infraWord);
      if (!parsed.success) return invalid('infra', 'expected an infrastructure id such as prod-eu', usage);
      const found = requireInfra(ctx, parsed.data);
      if (!found.ok) return found;
      infra = parsed.data;
    }
    const platform =
      args.platform ??
      (ctx.caller.chat === 'slack' || ctx.caller.chat === 'teams' ? ctx.caller.chat : undefined);
    if (!platform) return invalid('platform', 'say which chat this channel is in', usage);
    let channel: string | undefined;
    if (channelWord.toLowerCase() !== 'off') {
      if (platform === 'slack') {
        channel = slackChannel(channelWord) ?? undefined;
        if (!channel)
          return invalid('channel', 'expected a Slack channel such as #approvals or C0123ABCD', usage);
      } else {
        const known = ctx.data.conversations.find(
          (x) => x.companyId === company.id && !x.memberEmail && x.ref.conversationId === channelWord,
        );
        if (!known)
          return invalid('channel', 'expected the id of a Teams channel the bot was added to', usage);
        channel = channelWord;
      }
    }
    const s = company.settings;
    const current = infra ? (s.infraApprovalsChannels[infra] ?? {}) : s.approvalsChannel;
    const before = { ...current };
    const next = { ...current };
    if (channel) next[platform] = channel;
    else delete next[platform];
    if (infra) s.infraApprovalsChannels[infra] = next;
    else s.approvalsChannel = next;
    const { seq, actor } = ctx.audit({
      action: 'settings.approvals-channel',
      target: infra ?? 'company',
      ...(infra ? { infra } : {}),
      before,
      after: next,
    });
    if (channel) s.channelSetters[`${platform}:${channel}`] = { by: actor, seq };
    return {
      ok: true,
      view: view(
        [
          channel
            ? textBlock(
                `Access requests ${infra ? `about ${infra}` : 'of the company'} are posted in `,
                code(channel),
                ` on ${platform}.`,
              )
            : textBlock(
                `No ${platform} approvals channel ${infra ? `for ${infra}` : 'for the company'}: requests go `,
                strong(infra ? 'to the company channel' : 'by direct message to their approvers'),
                '.',
              ),
        ],
        { tone: 'success' },
      ),
    };
  },
});

// An approvals channel the bot cannot post in: the request goes to its approvers by DM, and whoever set the channel hears why, once.
import { activeCompanyAdmins, findMember } from '../domain/company.ts';
import type { Company, OutboxItem, StoreData } from '../domain/schemas.ts';
import { code, strong, textBlock, view } from '../views/view.ts';
import { targetName } from './grants.ts';
import { enqueue } from './outbox.ts';
import { eligibleApprovers } from './requests.ts';

type ChannelItem = OutboxItem & { to: { kind: 'channel' } };

const channelOf = (item: ChannelItem) =>
  item.to.target.platform === 'slack'
    ? { platform: 'slack' as const, channel: item.to.target.channel }
    : { platform: 'teams' as const, channel: item.to.target.conversation.conversationId };

/**
 * Called when posting a request card in a channel failed because the bot cannot post there (not a
 * member, removed, archived). Queues the card to each eligible approver who has not decided yet (the
 * same keys as when no channel is set, so nobody gets it twice), and tells whoever set that channel
 * (the Company Admins if they are gone), once per setting. Returns how many items were queued.
 */
export function fallBackToDirectMessages(
  draft: StoreData,
  item: OutboxItem,
  error: string,
  now: Date,
): number {
  if (item.to.kind !== 'channel' || item.content.kind !== 'request') return 0;
  const c = draft.companies.find((x) => x.id === item.companyId);
  const requestId = item.content.requestId;
  const r = c?.requests.find((x) => x.id === requestId);
  if (!c || !r) return 0;
  const { platform, channel } = channelOf(item as ChannelItem);
  let queued = 0;
  if (r.status === 'pending')
    for (const m of eligibleApprovers(c, r).filter((m) => !r.approvals.some((a) => a.by === m.email)))
      if (
        enqueue(
          draft,
          c.id,
          {
            key: `request:${r.id}:dm:${m.email}`,
            to: { kind: 'member', email: m.email },
            content: { kind: 'request', requestId: r.id },
            reason: `you can approve ${targetName(r.kind, r.infra)} (the approvals channel is unreachable)`,
          },
          now,
        )
      )
        queued++;
  return queued + tellWhoSetIt(draft, c, platform, channel, error, r.id, now);
}

/** Whoever set this channel last is told, once per time it was set. */
function tellWhoSetIt(
  draft: StoreData,
  c: Company,
  platform: 'slack' | 'teams',
  channel: string,
  error: string,
  requestId: string,
  now: Date,
): number {
  const set = c.settings.channelSetters[`${platform}:${channel}`];
  const once = `approvals-channel-unreachable:${platform}:${channel}:${set?.seq ?? 0}`;
  if (c.noticesSent[once]) return 0;
  c.noticesSent[once] = now.toISOString();
  const setter = set ? findMember(c, set.by) : undefined;
  const told = setter?.status === 'active' ? [setter] : activeCompanyAdmins(c);
  const message = view(
    [
      textBlock(
        `I could not post access request ${requestId} in the approvals channel `,
        code(channel),
        ` on ${platform === 'slack' ? 'Slack' : 'Teams'} (${error.slice(0, 100)}): I am not in it, or it is gone.`,
      ),
      textBlock(
        'Its approvers got it by direct message instead, and so will later requests until this is fixed.',
      ),
      textBlock(
        'Add me to the channel, or choose another with ',
        code('settings approvals-channel CHANNEL'),
        ', or ',
        strong('off'),
        ' for direct messages only.',
      ),
    ],
    { tone: 'error' },
  );
  let n = 0;
  for (const m of told)
    if (
      enqueue(
        draft,
        c.id,
        {
          key: `${once}:${m.email}`,
          to: { kind: 'member', email: m.email },
          content: { kind: 'view', view: message },
          reason: 'you set the approvals channel',
        },
        now,
      )
    )
      n++;
  return n;
}

// Incoming Bot Framework activities, read with our own schemas of the wire JSON (no SDK types): what the turn logic acts on.
import { z } from 'zod';
import type { ConversationRef } from '../../src/app/chat-port.ts';

const Account = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  aadObjectId: z.string().min(1).optional(),
});

const Envelope = z.looseObject({
  type: z.string(),
  id: z.string().min(1).optional(),
  channelId: z.string(),
  serviceUrl: z.string().url(),
  from: Account,
  recipient: Account,
  conversation: z.looseObject({
    id: z.string().min(1),
    conversationType: z.string().optional(),
    tenantId: z.string().min(1).optional(),
    isGroup: z.boolean().optional(),
  }),
  replyToId: z.string().min(1).optional(),
  channelData: z
    .looseObject({
      tenant: z.looseObject({ id: z.string().min(1) }).optional(),
      team: z.looseObject({ id: z.string().min(1) }).optional(),
      legacy: z.looseObject({ replyToId: z.string().min(1).optional() }).optional(),
    })
    .optional(),
});

const Message = z.looseObject({
  text: z.string().max(20_000).optional(),
  entities: z
    .array(
      z.looseObject({
        type: z.string().optional(),
        text: z.string().optional(),
        mentioned: z.looseObject({ id: z.string() }).optional(),
      }),
    )
    .optional(),
});

const CardActionValue = z.looseObject({
  action: z.looseObject({
    type: z.literal('Action.Execute'),
    verb: z.string().max(200).optional(),
    data: z.unknown().optional(),
  }),
  trigger: z.enum(['manual', 'automatic']).optional(),
});

const MembersAdded = z.looseObject({
  membersAdded: z.array(Account).optional(),
  action: z.string().optional(),
});

/** Who sent an activity, and where: enough to look them up and to answer later. */
export type Origin = {
  tenantId: string;
  /** The sender's Teams id (29:…), for getMember; never their identity by itself. */
  userId: string;
  /** What the activity says the sender's Entra object id is; the connector's answer is checked against it. */
  aadObjectId?: string;
  /** Where the bot can write later: the channel or chat itself (a channel thread's root is the channel). */
  conversation: ConversationRef;
  /** The conversation id as it came, a channel thread's included: where a reply goes. */
  replyConversationId: string;
};

export type Inbound =
  | (Origin & { kind: 'message'; activityId: string; text: string })
  | (Origin & {
      kind: 'card-action';
      activityId: string;
      /** The message the card is on. */
      replyToId?: string;
      verb?: string;
      data: unknown;
      trigger: 'manual' | 'automatic';
    })
  | (Origin & { kind: 'bot-added' })
  | { kind: 'ignored'; reason: string };

export const ADAPTIVE_CARD_ACTION = 'adaptiveCard/action';

const scopeOf = (c: { conversationType?: string | undefined; isGroup?: boolean | undefined }) =>
  c.conversationType === 'channel'
    ? 'channel'
    : c.conversationType === 'groupChat'
      ? 'groupChat'
      : c.conversationType === 'personal' || (c.conversationType === undefined && !c.isGroup)
        ? 'personal'
        : undefined;

/** A channel thread's conversation id ends `;messageid=…`; the channel itself is what stays reachable. */
export const channelOf = (conversationId: string) => conversationId.replace(/;messageid=\d+$/, '');

/** Any JSON that says it is an activity -> what to do with it; anything we cannot read is ignored, with why. */
export function parseActivity(json: unknown): Inbound {
  const env = Envelope.safeParse(json);
  if (!env.success) return { kind: 'ignored', reason: 'not an activity we can read' };
  const a = env.data;
  if (a.channelId !== 'msteams') return { kind: 'ignored', reason: `channel ${a.channelId}` };
  const tenantId = a.conversation.tenantId ?? a.channelData?.tenant?.id;
  if (!tenantId) return { kind: 'ignored', reason: 'no tenant' };
  const scope = scopeOf(a.conversation);
  if (!scope) return { kind: 'ignored', reason: 'unknown conversation type' };
  // Bots (28:…), the bot itself included, are not people: their messages are never commands.
  if (a.from.id.startsWith('28:') || a.from.id === a.recipient.id)
    return { kind: 'ignored', reason: 'from a bot' };
  const origin: Origin = {
    tenantId,
    userId: a.from.id,
    ...(a.from.aadObjectId ? { aadObjectId: a.from.aadObjectId } : {}),
    conversation: {
      platform: 'teams',
      serviceUrl: a.serviceUrl,
      tenantId,
      conversationId: channelOf(a.conversation.id),
      botId: a.recipient.id,
      scope,
    },
    replyConversationId: a.conversation.id,
  };

  switch (a.type) {
    case 'message': {
      const m = Message.safeParse(json);
      if (!m.success || !a.id) return { kind: 'ignored', reason: 'malformed message' };
      return {
        ...origin,
        kind: 'message',
        activityId: a.id,
        text: commandText(m.data.text ?? '', m.data.entities ?? [], a.recipient.id),
      };
    }
    case 'invoke': {
      if ((json as { name?: unknown }).name !== ADAPTIVE_CARD_ACTION || !a.id)
        return { kind: 'ignored', reason: 'an invoke we do not handle' };
      const v = CardActionValue.safeParse((json as { value?: unknown }).value);
      const replyToId = a.replyToId ?? a.channelData?.legacy?.replyToId;
      return {
        ...origin,
        kind: 'card-action',
        activityId: a.id,
        ...(replyToId ? { replyToId } : {}),
        ...(v.success && v.data.action.verb ? { verb: v.data.action.verb } : {}),
        data: v.success ? v.data.action.data : undefined,
        trigger: v.success ? (v.data.trigger ?? 'manual') : 'manual',
      };
    }
    case 'conversationUpdate':
    case 'installationUpdate': {
      const u = MembersAdded.safeParse(json);
      const added =
        a.type === 'installationUpdate'
          ? u.success && u.data.action === 'add'
          : u.success && (u.data.membersAdded ?? []).some((m) => m.id === a.recipient.id);
      return added ? { ...origin, kind: 'bot-added' } : { kind: 'ignored', reason: a.type };
    }
    default:
      return { kind: 'ignored', reason: `activity type ${a.type}` };
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The command in a message: the bot's own @mention removed (by its mention entity), any other `<at>`
 * mention reduced to the name in it, the few HTML entities Teams uses decoded.
 * The result is data for the parser, never markup.
 */
export function commandText(
  text: string,
  entities: Array<{ type?: string | undefined; text?: string | undefined; mentioned?: { id: string } }>,
  botId: string,
): string {
  let out = text;
  for (const e of entities)
    if (e.type === 'mention' && e.mentioned?.id === botId && e.text) out = out.split(e.text).join(' ');
  out = out.replace(/<at>[^<]*<\/at>/gi, (tag) => tag.slice(4, -5));
  out = out.replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_, n: string) =>
    n === '#39' ? "'" : (ENTITIES[n] ?? ''),
  );
  return out.replace(/[\u00a0\s]+/g, ' ').trim();
}

// Sending through the Bot Framework connector: in a turn (reply, update, getMember, invoke answer) and proactively.
import {
  type Activity,
  type CloudAdapter,
  type ConversationReference,
  TeamsInfo,
  type TurnContext,
} from 'botbuilder';
import type { ConversationRef } from '../../src/app/chat-port.ts';
import type { Connector, TurnIO } from './io.ts';
import type { AdaptiveCard } from './render/card.ts';

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

const cardActivity = (card: AdaptiveCard, summary?: string): Partial<Activity> => ({
  type: 'message',
  ...(summary ? { summary } : {}),
  attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }],
});

export function turnIO(ctx: TurnContext): TurnIO {
  return {
    getMember: (userId) => TeamsInfo.getMember(ctx, userId),
    send: async (card, summary) => (await ctx.sendActivity(cardActivity(card, summary)))?.id,
    typing: async () => {
      await ctx.sendActivity({ type: 'typing' });
    },
    update: async (activityId, card, summary) => {
      await ctx.updateActivity({ ...cardActivity(card, summary), id: activityId });
    },
    invokeResponse: async (status, body) => {
      await ctx.sendActivity({ type: 'invokeResponse', value: { status, body } });
    },
  };
}

/** Our stored reference (plain JSON) as the SDK's conversation reference. */
const reference = (ref: ConversationRef): Partial<ConversationReference> => ({
  channelId: 'msteams',
  serviceUrl: ref.serviceUrl,
  conversation: {
    id: ref.conversationId,
    tenantId: ref.tenantId,
    conversationType: ref.scope,
    isGroup: ref.scope !== 'personal',
    name: '',
  },
  bot: { id: ref.botId, name: '' },
});

/** Proactive sends: a turn opened on a stored reference (`appId` is '' in local mode, with no token). */
export function connector(adapter: CloudAdapter, appId: string): Connector {
  async function within<T>(ref: ConversationRef, fn: (ctx: TurnContext) => Promise<T>): Promise<T> {
    let out: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    await adapter.continueConversationAsync(appId, reference(ref), async (ctx) => {
      try {
        out = { ok: true, value: await fn(ctx) };
      } catch (error) {
        out = { ok: false, error };
      }
    });
    if (!out) throw new Error('the connector turn did not run');
    if (!out.ok) throw out.error;
    return out.value;
  }
  return {
    send: (to, card, summary) =>
      within(to, async (ctx) => (await ctx.sendActivity(cardActivity(card, summary)))?.id ?? ''),
    update: (to, activityId, card, summary) =>
      within(to, async (ctx) => {
        await ctx.updateActivity({ ...cardActivity(card, summary), id: activityId });
      }),
  };
}

// The ChatPort for Teams: direct messages through a member's stored personal chat, channel posts, cards updated in place.
import type { ChatPort, ConversationRef, Delivery } from '../../src/app/chat-port.ts';
import type { View } from '../../src/views/view.ts';
import { cardFor, summaryOf } from './cards.ts';
import type { Connector, Log } from './io.ts';

/** Mentions notify in channels and group chats; in a personal chat they would notify nobody new. */
export const sharedTenant = (c: ConversationRef): string | undefined =>
  c.scope === 'personal' ? undefined : c.tenantId;

export function teamsPort(connector: Connector, log: Log): ChatPort {
  async function send(to: ConversationRef, v: View): Promise<Delivery> {
    try {
      const activityId = await connector.send(to, cardFor(v, sharedTenant(to)), summaryOf(v));
      return { ok: true, ref: { platform: 'teams', conversation: to, activityId } };
    } catch (e) {
      return failed(e, 'sendActivity', log);
    }
  }
  return {
    platform: 'teams',
    sendDirect: (to, v) =>
      to.teams
        ? send(to.teams.conversation, v)
        : Promise.resolve({ ok: false, retryable: false, error: 'unreachable' }),
    sendChannel: (to, v) =>
      to.platform === 'teams'
        ? send(to.conversation, v)
        : Promise.resolve({ ok: false, retryable: false, error: 'not a Teams conversation' }),
    /** In a channel the message's thread; a chat has no threads, so the answer goes below it. */
    reply: (ref, v) =>
      ref.platform === 'teams'
        ? send(
            ref.conversation.scope === 'channel'
              ? {
                  ...ref.conversation,
                  conversationId: `${ref.conversation.conversationId};messageid=${ref.activityId}`,
                }
              : ref.conversation,
            v,
          )
        : Promise.resolve({ ok: false, retryable: false, error: 'not a Teams message' }),
    async update(ref, v) {
      if (ref.platform !== 'teams') return { ok: false, retryable: false, error: 'not a Teams message' };
      try {
        await connector.update(
          ref.conversation,
          ref.activityId,
          cardFor(v, sharedTenant(ref.conversation)),
          summaryOf(v),
        );
        return { ok: true, ref };
      } catch (e) {
        return failed(e, 'updateActivity', log);
      }
    },
  };
}

type ConnectorError = {
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
  response?: { headers?: { get?(name: string): string | undefined } };
};

/**
 * A connector failure as a Delivery: rate limits (with the wait Teams asked for), 5xx and network
 * errors may be retried; 4xx (no such conversation, the bot was removed) may not. The connector
 * client has already retried 429 and 5xx a few times by then.
 */
export function connectorFailure(e: unknown): Extract<Delivery, { ok: false }> {
  const err = (e ?? {}) as ConnectorError;
  const status = typeof err.statusCode === 'number' ? err.statusCode : undefined;
  const retryAfter = Number(err.response?.headers?.get?.('retry-after'));
  const retryable = status === undefined || status === 429 || status >= 500;
  const code = typeof err.code === 'string' ? err.code : undefined;
  return {
    ok: false,
    retryable,
    error: status
      ? `teams ${status}${code ? ` ${code}` : ''}`
      : String(code ?? err.message ?? 'network error').slice(0, 200),
    ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
  };
}

function failed(e: unknown, method: string, log: Log): Delivery {
  const d = connectorFailure(e);
  log('teams-api-failed', { method, error: d.error, retryable: d.retryable });
  return d;
}

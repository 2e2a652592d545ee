// The port each chat implements so the core (and its outbox) can reach people: send, send to a channel, update.
import type { ConversationRef } from '../domain/schemas.ts';
import type { View } from '../views/view.ts';

export type { ConversationRef } from '../domain/schemas.ts';

/** A message the bot sent, so it can be updated in place later (stored with approval requests). */
export type MessageRef =
  | { platform: 'slack'; channel: string; ts: string }
  | { platform: 'teams'; conversation: ConversationRef; activityId: string };

export type Delivery =
  | { ok: true; ref: MessageRef }
  /** `retryable` for 5xx, timeouts and rate limits (with the wait the platform asked for); not for "no such user". */
  | {
      ok: false;
      retryable: boolean;
      error: string;
      retryAfterMs?: number;
      /** The bot cannot post in that channel (not a member of it, removed, archived or deleted). */
      notInChannel?: true;
    };

/** Everything the core knows about how to reach one member on the chats; each port uses its own part. */
export type DirectTarget = {
  companyId: string;
  email: string;
  slack?: { teamId: string; userId: string };
  /** Teams: the member's personal conversation with the bot, where one has been seen. */
  teams?: { conversation: ConversationRef };
  /** The Slack workspace of the company, to look the email up when the member is not bound yet. */
  slackTeamIds: string[];
};

/** A channel or group chat to post in: a Slack channel id, or a stored Teams conversation. */
export type ChannelTarget =
  | { platform: 'slack'; channel: string }
  | { platform: 'teams'; conversation: ConversationRef };

export interface ChatPort {
  readonly platform: 'slack' | 'teams';
  /** A direct message to a member; `{ ok: false, retryable: false, error: 'unreachable' }` when this chat cannot reach them. */
  sendDirect(to: DirectTarget, view: View): Promise<Delivery>;
  sendChannel(to: ChannelTarget, view: View): Promise<Delivery>;
  update(ref: MessageRef, view: View): Promise<Delivery>;
  /** Answers in the message's thread (the decision under a request card); chats without threads may leave it out. */
  reply?(ref: MessageRef, view: View): Promise<Delivery>;
}

// What the Teams turn logic needs from the Bot Framework, in our own types: botbuilder stays in endpoint.ts and outbound.ts.
import type { ConversationRef } from '../../src/app/chat-port.ts';
import type { AdaptiveCard } from './render/card.ts';

/** One incoming activity's turn: ask who sent it, answer in it, update the message a card came from. */
export type TurnIO = {
  /** The connector's member record (untrusted JSON; `identity.ts` reads it). */
  getMember(userId: string): Promise<unknown>;
  /** Replies in the conversation (in the thread for a channel); the new message's id. */
  send(card: AdaptiveCard, summary?: string): Promise<string | undefined>;
  /** Shows "…is typing" while the answer is worked out. */
  typing(): Promise<void>;
  update(activityId: string, card: AdaptiveCard, summary?: string): Promise<void>;
  /** The HTTP answer to an invoke (an Adaptive Card action). */
  invokeResponse(status: number, body?: unknown): Promise<void>;
};

/** Reaching a stored conversation outside a turn (proactive messages, and work that outlived its turn). */
export type Connector = {
  /** `summary` is what notifications and the chat list show instead of "Sent a card". */
  send(to: ConversationRef, card: AdaptiveCard, summary?: string): Promise<string>;
  update(to: ConversationRef, activityId: string, card: AdaptiveCard, summary?: string): Promise<void>;
};

/** The turn logic: the activity as it came over the wire (already authenticated), and the turn's I/O. */
export type TurnHandler = (activity: unknown, io: TurnIO) => Promise<void>;

export type Log = (event: string, detail?: Record<string, unknown>) => void;

// A chat port that really records what it was asked to send, and can be told to fail, rate-limit or be unreachable.
import type { ChannelTarget, ChatPort, Delivery, DirectTarget, MessageRef } from '../../src/app/chat-port.ts';
import { renderText } from '../../src/views/render-text.ts';
import type { View } from '../../src/views/view.ts';

export type Sent = {
  op: 'direct' | 'channel' | 'update' | 'reply';
  to: string;
  text: string;
  view: View;
  ref: MessageRef;
};

export type FakePort = ChatPort & {
  sent: Sent[];
  /** Outcomes to return next, in order, before succeeding again (e.g. a 500 then a 429). */
  failNext: Delivery[];
  /** Emails this chat cannot reach (not linked, not found). */
  unreachable: Set<string>;
  textsTo(who: string): string[];
};

export function fakePort(platform: 'slack' | 'teams'): FakePort {
  let n = 0;
  const sent: Sent[] = [];
  const failNext: Delivery[] = [];
  const unreachable = new Set<string>();
  const ok = (op: Sent['op'], to: string, view: View, ref?: MessageRef): Delivery => {
    const next = failNext.shift();
    if (next) return next;
    const made: MessageRef =
      ref ??
      (platform === 'slack'
        ? { platform: 'slack', channel: to, ts: `${++n}.000` }
        : {
            platform: 'teams',
            conversation: {
              platform: 'teams',
              serviceUrl: 'https://smba.test/',
              tenantId: 't',
              conversationId: to,
              botId: 'b',
              scope: 'personal',
            },
            activityId: `a${++n}`,
          });
    sent.push({ op, to, text: renderText(view).text, view, ref: made });
    return { ok: true, ref: made };
  };
  const refKey = (ref: MessageRef) =>
    ref.platform === 'slack'
      ? `${ref.channel}/${ref.ts}`
      : `${ref.conversation.conversationId}/${ref.activityId}`;
  return {
    platform,
    sent,
    failNext,
    unreachable,
    textsTo: (who) => sent.filter((s) => s.to === who).map((s) => s.text),
    async sendDirect(to: DirectTarget, view: View) {
      if (unreachable.has(to.email)) return { ok: false, retryable: false, error: 'unreachable' };
      return ok('direct', to.email, view);
    },
    async sendChannel(to: ChannelTarget, view: View) {
      const where = to.platform === 'slack' ? to.channel : to.conversation.conversationId;
      return ok('channel', where, view);
    },
    async update(ref: MessageRef, view: View) {
      return ok('update', refKey(ref), view, ref);
    },
    async reply(ref: MessageRef, view: View) {
      return ok('reply', refKey(ref), view);
    },
  };
}

// The Teams adapter: messages and Adaptive Card actions become core calls; answers go back as cards that update in place.
import { createHash } from 'node:crypto';
import type { App as Core, Outcome } from '../../src/app/app.ts';
import type { ChatPort } from '../../src/app/chat-port.ts';
import type { Identity } from '../../src/app/identity.ts';
import type { Route } from '../../src/app/server.ts';
import type { CommandRef, FormSpec, View } from '../../src/views/view.ts';
import { textBlock, view } from '../../src/views/view.ts';
import {
  cardFor,
  formAgain,
  invokeCardBody,
  REFRESH_VERB,
  readOnly,
  readPress,
  staleView,
  summaryFor,
  summaryOf,
  verbNames,
} from './cards.ts';
import type { TeamsConfig } from './config.ts';
import { createBotEndpoint } from './endpoint.ts';
import { identityCache, identityOf } from './identity.ts';
import { type Inbound, type Origin, parseActivity } from './inbound.ts';
import type { Log, TurnIO } from './io.ts';
import { connectorFailure, sharedTenant, teamsPort } from './port.ts';
import type { AdaptiveCard } from './render/card.ts';
import { readCardSubmission } from './render/card.ts';

/** Approving or denying checks the account with Teams again. */
const DECISIONS = new Set(['approve', 'deny']);

export type TeamsAdapter = {
  route: Route;
  port: ChatPort;
  local: boolean;
  /** Waits for work that outlived its invoke (its result is still to be posted). */
  stop(): Promise<void>;
};

export type TeamsAdapterOptions = {
  log: Log;
  /** How long an invoke may work before it is answered with a placeholder (Teams waits about 5 s). */
  invokeBudgetMs?: number;
  now?: () => number;
};

/** Teams gives an invoke five seconds; the rest of this leaves time to update the message and answer. */
export const INVOKE_BUDGET_MS = 3500;

const unrecognised = view([textBlock("I don't recognise that button; nothing was changed.")], {
  tone: 'error',
});
const cannotCheck = view(
  [textBlock("I couldn't check who you are with Teams just now, so nothing was changed. Please try again.")],
  { tone: 'error' },
);
const working = view([textBlock('Working on it… this card will show the result when it is done.')], {
  tone: 'info',
});

type Who = { ok: true; identity: Identity } | { ok: false; why: 'foreign-tenant' | 'lookup-failed' };
type CardAction = Extract<Inbound, { kind: 'card-action' }>;

export function createTeamsAdapter(core: Core, config: TeamsConfig, opts: TeamsAdapterOptions): TeamsAdapter {
  const { log } = opts;
  const budget = opts.invokeBudgetMs ?? INVOKE_BUDGET_MS;
  const identities = identityCache(opts.now);
  const answered = recentAnswers();
  const lateWork = new Set<Promise<void>>();

  /** A tenant no company is mapped to is ignored before anything is asked of Teams. */
  async function identify(o: Origin, io: TurnIO, fresh = false): Promise<Who> {
    if (!(await core.knowsWorkspace('teams', o.tenantId))) {
      log('teams-foreign-tenant', { tenant: o.tenantId });
      return { ok: false, why: 'foreign-tenant' };
    }
    try {
      const identity = await identities.get(
        `${o.tenantId}:${o.userId}`,
        async () => identityOf(o.tenantId, o.aadObjectId, await io.getMember(o.userId)),
        fresh,
      );
      return { ok: true, identity };
    } catch (e) {
      log('teams-api-failed', { method: 'getMember', error: connectorFailure(e).error });
      return { ok: false, why: 'lookup-failed' };
    }
  }

  /** Where the bot may write later: a member's personal chat, a channel or a group chat. */
  async function remember(identity: Identity | null, o: Origin) {
    const personal = o.conversation.scope === 'personal';
    if (personal && !identity) return;
    await core.rememberConversation(personal ? identity : null, o.conversation);
  }

  async function reply(io: TurnIO, v: View, o: Origin) {
    try {
      await io.send(cardFor(v, sharedTenant(o.conversation)), summaryOf(v));
    } catch (e) {
      log('teams-api-failed', { method: 'sendActivity', error: connectorFailure(e).error });
    }
  }

  async function onMessage(m: Extract<Inbound, { kind: 'message' }>, io: TurnIO) {
    const who = await identify(m, io, DECISIONS.has(m.text.trim().split(/\s+/)[0]?.toLowerCase() ?? ''));
    if (!who.ok) {
      if (who.why === 'lookup-failed') await reply(io, cannotCheck, m);
      return;
    }
    // "…is typing" while the command runs (a known tenant only); a failure here is only cosmetic.
    await io.typing().catch((e: unknown) => {
      log('teams-api-failed', { method: 'typing', error: connectorFailure(e).error });
    });
    const outcome = await core.run(who.identity, {
      kind: 'text',
      text: m.text,
      once: onceKey('message', m.conversation.conversationId, m.activityId),
    });
    await remember(who.identity, m);
    await reply(io, outcome.reply.view, m);
  }

  async function onBotAdded(o: Extract<Inbound, { kind: 'bot-added' }>, io: TurnIO) {
    if (o.conversation.scope !== 'personal') return remember(null, o);
    const who = await identify(o, io);
    if (who.ok) await remember(who.identity, o);
  }

  /** The card the presser gets, and whether the message itself changes for everyone. */
  async function settle(
    identity: Identity,
    outcome: Outcome,
    press: { ref: CommandRef; inputs: Record<string, string>; source?: CommandRef; form?: FormSpec },
    a: CardAction,
    once: string,
  ): Promise<{ card: AdaptiveCard; update: boolean }> {
    if (outcome.duplicate)
      return {
        card: answered.get(once) ?? cardFor(outcome.reply.view, sharedTenant(a.conversation)),
        update: false,
      };
    const r = outcome.result;
    if (r.ok) {
      // A change is news for everyone in the chat; a read (a page turned) only for the presser, unless alone.
      const update = outcome.changed === true || a.conversation.scope === 'personal';
      return { card: cardFor(outcome.reply.view, sharedTenant(a.conversation)), update };
    }
    const f = r.failure;
    const form = press.form;
    if (
      f.kind === 'invalid' &&
      form &&
      form.submit.name === press.ref.name &&
      form.fields.some((x) => x.name === f.field)
    )
      return { card: cardFor(formAgain(form, press.inputs, { [f.field]: f.problem })), update: false };
    if (f.kind === 'not-found' || f.kind === 'conflict') {
      const now = press.source ? await core.run(identity, { kind: 'command', ref: press.source }) : undefined;
      const current = now?.result.ok ? now.reply.view : undefined;
      return {
        card: cardFor(staleView(outcome.reply.view, current), sharedTenant(a.conversation)),
        update: false,
      };
    }
    return { card: cardFor(outcome.reply.view, sharedTenant(a.conversation)), update: false };
  }

  async function onCardAction(a: CardAction, io: TurnIO) {
    const answer = (card: AdaptiveCard) => io.invokeResponse(200, invokeCardBody(card));
    if (a.verb === REFRESH_VERB) return refresh(a, io);
    const press = readPress(a.data);
    const sub = press.submission;
    // Only a person's press runs a command; an automatic trigger is for refreshes only.
    if (!a.verb || a.trigger !== 'manual' || !sub || !verbNames(a.verb, sub.ref)) {
      log('teams-card-action-refused', { reason: a.verb ? 'unknown verb or data' : 'no verb' });
      return answer(cardFor(unrecognised));
    }
    const once = onceKey(
      'invoke',
      a.conversation.conversationId,
      a.replyToId ?? a.activityId,
      a.verb,
      a.aadObjectId ?? a.userId,
    );
    const work = (async () => {
      // A decision is made on what Teams says about the presser now, never from the cache.
      const who = await identify(a, io, DECISIONS.has(sub.ref.name));
      if (!who.ok) return who;
      const outcome = await core.run(who.identity, { kind: 'command', ref: sub.ref, once });
      const settled = await settle(who.identity, outcome, { ...press, ...sub }, a, once);
      if (outcome.changed) answered.set(once, settled.card);
      return { ok: true as const, ...settled };
    })();
    const done = await Promise.race([work, sleep(budget).then(() => 'late' as const)]);
    if (done === 'late') {
      // Slow work goes on; Teams gets a placeholder now, and the message shows the result when done.
      await answer(cardFor(working));
      const late = work
        .then((w) =>
          w.ok
            ? finishLate(a, w)
            : w.why === 'lookup-failed'
              ? finishLate(a, { card: cardFor(cannotCheck), update: false })
              : undefined,
        )
        .catch((e) => {
          log('teams-late-work-failed', { error: String((e as Error)?.message ?? e).slice(0, 200) });
        });
      lateWork.add(late);
      void late.finally(() => lateWork.delete(late));
      return;
    }
    if (!done.ok) {
      // A foreign tenant gets no answer at all; a failed lookup is told so.
      if (done.why === 'lookup-failed') await answer(cardFor(cannotCheck));
      return;
    }
    // The invoke answer changes only the presser's card; the message itself is updated for everyone.
    if (done.update && a.replyToId)
      try {
        await io.update(a.replyToId, done.card, summaryFor(done.card));
      } catch (e) {
        log('teams-api-failed', { method: 'updateActivity', error: connectorFailure(e).error });
      }
    await answer(done.card);
  }

  /** Work that outlived its invoke: the message is updated (alone, or a change), else the result is posted. */
  async function finishLate(a: CardAction, w: { card: AdaptiveCard; update: boolean }) {
    const thread = { ...a.conversation, conversationId: a.replyConversationId };
    try {
      const summary = summaryFor(w.card);
      if (a.replyToId && (w.update || a.conversation.scope === 'personal'))
        await endpoint.connector.update(thread, a.replyToId, w.card, summary);
      else await endpoint.connector.send(thread, w.card, summary);
    } catch (e) {
      log('teams-api-failed', { method: 'late answer', error: connectorFailure(e).error });
    }
  }

  /** Universal Actions refresh: the card's read-only source, run for whoever is looking at it. */
  async function refresh(a: CardAction, io: TurnIO) {
    const sub = readCardSubmission(a.data);
    const ref = sub ? readOnly(sub.ref) : undefined;
    if (!ref) return io.invokeResponse(200, invokeCardBody(cardFor(unrecognised)));
    const who = await identify(a, io);
    if (!who.ok) {
      if (who.why === 'lookup-failed') await io.invokeResponse(200, invokeCardBody(cardFor(cannotCheck)));
      return;
    }
    const outcome = await core.run(who.identity, { kind: 'command', ref });
    await io.invokeResponse(200, invokeCardBody(cardFor(outcome.reply.view, sharedTenant(a.conversation))));
  }

  const endpoint = createBotEndpoint(
    config,
    async (activity, io) => {
      const a = parseActivity(activity);
      switch (a.kind) {
        case 'message':
          return onMessage(a, io);
        case 'card-action':
          return onCardAction(a, io);
        case 'bot-added':
          return onBotAdded(a, io);
        case 'ignored':
          log('teams-activity-ignored', { reason: a.reason });
          return;
        default:
          return unreachable(a);
      }
    },
    log,
  );
  return {
    route: endpoint.route,
    port: teamsPort(endpoint.connector, log),
    local: config.local,
    stop: async () => {
      while (lateWork.size > 0) await Promise.allSettled([...lateWork]);
    },
  };
}

/** A platform request key for the core's at-most-once: hashed, as Teams ids are long. */
function onceKey(kind: string, ...parts: string[]): string {
  return `teams:${kind}:${createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 40)}`;
}

/** The last answers given to invokes, so a retried invoke gets the same card back. */
function recentAnswers(max = 500) {
  const m = new Map<string, AdaptiveCard>();
  return {
    get: (k: string) => m.get(k),
    set(k: string, card: AdaptiveCard) {
      m.set(k, card);
      if (m.size > max) m.delete(m.keys().next().value as string);
    },
  };
}

const sleep = (ms: number) =>
  new Promise<void>((r) => {
    const t = setTimeout(r, ms);
    t.unref?.();
  });

function unreachable(x: never): never {
  throw new Error(`unhandled activity ${JSON.stringify(x)}`);
}

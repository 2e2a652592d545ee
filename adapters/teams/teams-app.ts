// The Teams adapter: messages and Adaptive Card actions become core calls; answers go back as cards that update in place.
import { createHash } from 'node:crypto';
import type { Asker, AskPlatform, App as Core, Outcome } from '../../src/app/app.ts';
import type { ChatPort } from '../../src/app/chat-port.ts';
import type { Identity } from '../../src/app/identity.ts';
import type { Route } from '../../src/app/server.ts';
import type { SignedLinks } from '../../src/app/signed-links.ts';
import type { CommandRef, FormSpec, View } from '../../src/views/view.ts';
import { textBlock, timeAt, view } from '../../src/views/view.ts';
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
import { downloadLink, downloadRoute } from './downloads.ts';
import { createBotEndpoint } from './endpoint.ts';
import { identityCache, identityOf } from './identity.ts';
import { type Inbound, type Origin, parseActivity } from './inbound.ts';
import type { Log, TurnIO } from './io.ts';
import { connectorFailure, sharedTenant, teamsPort } from './port.ts';
import type { AdaptiveCard } from './render/card.ts';
import { readCardSubmission } from './render/card.ts';

export type TeamsAdapter = {
  route: Route;
  /** GET /exports: export downloads, when signed links are configured. */
  downloads: Route | null;
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
  /** How long one connector call may take (tests shorten it). */
  apiTimeoutMs?: number;
  /** Signed links (PUBLIC_URL, LINK_SECRET): exports are offered as download links; without, they are not. */
  links?: SignedLinks | null;
};

/** The answer with how to get the file: a Download button, or plainly that there is none. */
function withDownload(v: View, name: string, link: { url: string; expiresAt: Date } | null) {
  const note = link
    ? textBlock(
        'Anyone with the Download link below can open the file until ',
        timeAt(link.expiresAt.toISOString()),
        '; do not forward it.',
      )
    : textBlock(
        `✗ ${name} was not shared: this bot has no download links set up (PUBLIC_URL and LINK_SECRET). Ask whoever runs it, or export from the console.`,
      );
  // No refresh source: Teams refreshes a card with one by running it again, which would drop the Download button.
  const { source: _, ...rest } = v;
  const shown: View = { ...rest, blocks: [...v.blocks, note], ...(link ? {} : { tone: 'error' as const }) };
  return {
    view: shown,
    card(tenantId?: string): AdaptiveCard {
      const card = cardFor(shown, tenantId);
      if (!link) return card;
      return {
        ...card,
        body: [
          ...card.body,
          {
            type: 'ActionSet',
            actions: [{ type: 'Action.OpenUrl', title: `Download ${name}`, url: link.url }],
          },
        ],
      };
    },
  };
}

/** Teams gives an invoke five seconds; the rest of this leaves time to update the message and answer. */
export const INVOKE_BUDGET_MS = 3500;

const unrecognised = view([textBlock("I don't recognise that button; nothing was changed.")], {
  tone: 'error',
});
const working = view([textBlock('Working on it… this card will show the result when it is done.')], {
  tone: 'info',
});

type CardAction = Extract<Inbound, { kind: 'card-action' }>;

export function createTeamsAdapter(core: Core, config: TeamsConfig, opts: TeamsAdapterOptions): TeamsAdapter {
  const { log } = opts;
  const budget = opts.invokeBudgetMs ?? INVOKE_BUDGET_MS;
  const identities = identityCache(opts.now);
  const answered = recentAnswers();
  const lateWork = new Set<Promise<void>>();

  /** A tenant no company is mapped to is ignored before anything is asked of Teams. */
  async function mapped(o: Origin): Promise<boolean> {
    if (await core.knowsWorkspace('teams', o.tenantId)) return true;
    log('teams-foreign-tenant', { tenant: o.tenantId });
    return false;
  }

  /**
   * Who sent the activity, asked of Teams (getMember) when the core needs it: a change gets a fresh
   * answer, a read may use the cache. A failed lookup rejects, and the core answers that nothing ran.
   */
  const identify =
    (o: Origin, io: TurnIO): AskPlatform =>
    async ({ fresh }) => {
      try {
        return await identities.get(
          `${o.tenantId}:${o.userId}`,
          async () => {
            const id = identityOf(o.tenantId, o.aadObjectId, await io.getMember(o.userId));
            return config.local && id.chat === 'teams' ? { ...id, unverified: true as const } : id;
          },
          fresh,
        );
      } catch (e) {
        log('teams-api-failed', { method: 'getMember', error: connectorFailure(e).error });
        throw e;
      }
    };

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
    if (!(await mapped(m))) return;
    // "…is typing" while the command runs (a known tenant only); a failure here is only cosmetic.
    await io.typing().catch((e: unknown) => {
      log('teams-api-failed', { method: 'typing', error: connectorFailure(e).error });
    });
    const outcome = await core.run(identify(m, io), {
      kind: 'text',
      text: m.text,
      once: onceKey('message', m.conversation.conversationId, m.activityId),
    });
    await remember(outcome.identity ?? null, m);
    const file = outcome.reply.file;
    if (!file) return reply(io, outcome.reply.view, m);
    const link = opts.links
      ? downloadLink(opts.links, outcome.identity, outcome.reply.view.source, core.clock.now())
      : null;
    if (!link) log('teams-download-unavailable', { file: file.name, configured: Boolean(opts.links) });
    const shown = withDownload(outcome.reply.view, file.name, link);
    try {
      await io.send(shown.card(sharedTenant(m.conversation)), summaryOf(shown.view));
    } catch (e) {
      log('teams-api-failed', { method: 'sendActivity', error: connectorFailure(e).error });
    }
  }

  async function onBotAdded(o: Extract<Inbound, { kind: 'bot-added' }>, io: TurnIO) {
    if (!(await mapped(o))) return;
    if (o.conversation.scope !== 'personal') return remember(null, o);
    const identity = await identify(o, io)({ fresh: false }).catch(() => null);
    if (identity) await remember(identity, o);
  }

  /** The card the presser gets, and whether the message itself changes for everyone. */
  async function settle(
    identity: Asker,
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
    // A tenant no company is mapped to gets no card, only a refusal.
    if (!(await mapped(a))) return io.invokeResponse(403);
    const work = (async () => {
      const outcome = await core.run(identify(a, io), { kind: 'command', ref: sub.ref, once });
      const settled = await settle(
        outcome.identity ?? identify(a, io),
        outcome,
        { ...press, ...sub },
        a,
        once,
      );
      if (outcome.changed) answered.set(once, settled.card);
      return settled;
    })();
    const done = await Promise.race([work, sleep(budget).then(() => 'late' as const)]);
    if (done === 'late') {
      // Slow work goes on; Teams gets a placeholder now, and the message shows the result when done.
      await answer(cardFor(working));
      const late = work
        .then((w) => finishLate(a, w))
        .catch((e) => {
          log('teams-late-work-failed', { error: String((e as Error)?.message ?? e).slice(0, 200) });
        });
      lateWork.add(late);
      void late.finally(() => lateWork.delete(late));
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
    if (!(await mapped(a))) return io.invokeResponse(403);
    const outcome = await core.run(identify(a, io), { kind: 'command', ref });
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
          // An invoke always gets an answer: botbuilder's default for an unanswered one is a 501.
          if ((activity as { type?: unknown } | null)?.type === 'invoke') await io.invokeResponse(400);
          return;
        default:
          return unreachable(a);
      }
    },
    log,
    opts.apiTimeoutMs,
  );
  return {
    route: endpoint.route,
    downloads: opts.links ? downloadRoute(core, opts.links) : null,
    port: teamsPort(endpoint.connector, log, config.local),
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

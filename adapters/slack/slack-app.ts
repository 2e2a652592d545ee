// The Slack adapter: Bolt listeners that turn slash commands, mentions, DMs, buttons, modals and Home into core calls.
import { App, LogLevel, type RespondFn, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Asker, AskPlatform, App as Core, Outcome } from '../../src/app/app.ts';
import type { ChatPort } from '../../src/app/chat-port.ts';
import { withRequest } from '../../src/app/logger.ts';
import type { Route } from '../../src/app/server.ts';
import { withTimeout } from '../../src/app/timeout.ts';
import { decodePress } from '../../src/views/action-codec.ts';
import { type CommandRef, strong, textBlock, type View, view } from '../../src/views/view.ts';
import { boltLogger } from './bolt-logger.ts';
import type { SlackConfig } from './config.ts';
import {
  fieldsOf,
  formOf,
  openForm,
  publishHome,
  reportFailure,
  send,
  slackError,
  type Target,
} from './deliver.ts';
import { modalRefusal, parseMetadata } from './forms.ts';
import { type IdentityLookup, slackIdentities } from './identity.ts';
import { slackPort, type Upload, uploadFile } from './port.ts';
import { type Log, SlackHttpReceiver } from './receiver.ts';
import { OPEN_FORM } from './render/blocks.ts';
import { homeView } from './render/home.ts';
import { FORM_CALLBACK_ID, readSubmission } from './render/modal.ts';
import { fromSlackText } from './text.ts';

export const SLASH_COMMAND = '/portal';

/** Slack could not be reached or refused the tokens at start; the message is one line for the operator. */
export class SlackStartError extends Error {}
/** Every action id we render starts with this; the manifest test and the listeners share it. */
export const ACTION_ID_PATTERN = /^portal:/;
export const HANDLED_EVENTS = ['app_mention', 'message.im', 'app_home_opened'] as const;

export type SlackAdapter = {
  bolt: App;
  route: Route | null;
  /** How the outbox reaches people on Slack. */
  port: ChatPort;
  start(): Promise<void>;
  stop(): Promise<void>;
};

export type SlackAdapterOptions = {
  log: Log;
  /** Bolt's own lines (and the Socket Mode client's) go here; without it Bolt prints errors only, as plain text. */
  logger?: Logger;
  /** Tests pass these so Bolt does not call auth.test. */
  botId?: string;
  botUserId?: string;
  /** The bot's workspace, when known without asking Slack (tests). */
  teamId?: string;
  /** The clock for signatures and for the identity cache (tests move it). */
  nowSeconds?: () => number;
  /** How long one Web API call may take, and how often a failed one is tried again (tests shorten both). */
  api?: { timeoutMs?: number; retries?: number };
};

/** A Slack Web API call that has not answered by then has failed (and is retried like a 500). */
export const API_TIMEOUT_MS = 10_000;

const unrecognised = view([textBlock("I don't recognise that button; nothing was changed.")], {
  tone: 'error',
});

/** The answer, and under it where the file went (or that it went nowhere): never "uploaded" unless it was. */
function withUpload(v: View, name: string, upload: Upload): View {
  const line = upload.ok
    ? textBlock('Uploaded ', strong(name), ' to your direct messages with me.')
    : textBlock(
        `✗ Slack did not take ${name} (${upload.error}); nothing was shared. Try again, or ask whoever installed the app to allow files:write.`,
      );
  return { ...v, blocks: [...v.blocks, line], ...(upload.ok ? {} : { tone: 'error' as const }) };
}

export function createSlackAdapter(core: Core, config: SlackConfig, opts: SlackAdapterOptions): SlackAdapter {
  const socket = config.appToken !== undefined;
  const deferred = !(opts.botId && opts.botUserId);
  /** The workspace the bot token belongs to (auth.test at start): where outbox messages mention linked members. */
  let workspace = opts.teamId;
  const clientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    timeout: opts.api?.timeoutMs ?? API_TIMEOUT_MS,
    retryConfig: { retries: opts.api?.retries ?? 3, factor: 2, minTimeout: 200, maxTimeout: 2000 },
  };
  const receiver = socket
    ? undefined
    : new SlackHttpReceiver({
        signingSecret: config.signingSecret,
        log: opts.log,
        ...(opts.nowSeconds ? { nowSeconds: opts.nowSeconds } : {}),
      });
  const bolt = new App({
    token: config.botToken,
    ...(socket
      ? { socketMode: true, appToken: config.appToken, signingSecret: config.signingSecret }
      : { receiver }),
    ...(deferred
      ? // Bolt would call auth.test in its constructor and leave a rejection nobody awaits; start() does it.
        { deferInitialization: true }
      : { botId: opts.botId, botUserId: opts.botUserId, tokenVerificationEnabled: false }),
    ...(opts.logger
      ? { logger: boltLogger(opts.logger), logLevel: LogLevel.WARN }
      : { logLevel: LogLevel.ERROR }),
    // While a person waits: 429s wait for Retry-After and try again; other failures and timeouts are
    // retried a few times, then reported.
    clientOptions: { ...clientOptions, rejectRateLimitedCalls: false },
    // No listener keeps state per conversation; Bolt's default store would look every event up (and
    // throw "not found" for each new one).
    convoStore: false,
  });
  // The outbox has its own schedule: a 429 comes back at once with its wait, rather than holding the pass.
  const outbox = new webApi.WebClient(config.botToken, {
    ...clientOptions,
    rejectRateLimitedCalls: true,
    logLevel: webApi.LogLevel.ERROR,
  });
  const timeoutMs = opts.api?.timeoutMs ?? API_TIMEOUT_MS;
  /** Answers through response_url (Bolt posts them itself) get the same deadline as Web API calls. */
  const timed =
    (respond: RespondFn): RespondFn =>
    (message) =>
      withTimeout(respond(message), timeoutMs, 'response_url');
  const nowMs = opts.nowSeconds ? () => (opts.nowSeconds as () => number)() * 1000 : Date.now;
  const who: IdentityLookup = slackIdentities(bolt.client, nowMs);
  const events = recentKeys();

  /**
   * Who pressed or typed, asked of Slack when the core needs it: a change gets a fresh users.info, a read
   * may use the cache. A failed lookup rejects (the core answers that nothing ran). A workspace no company
   * is mapped to gets the core's "not connected" answer without asking Slack.
   */
  const identify =
    (team: string | undefined, user: string): AskPlatform =>
    async ({ fresh }) => {
      if (!(await core.knowsWorkspace('slack', team ?? '')))
        return { chat: 'slack', teamId: team ?? '', userId: user, email: null };
      try {
        return await who(team ?? '', user, fresh);
      } catch (e) {
        opts.log('slack-api-failed', { method: 'users.info', error: slackError(e) });
        throw e;
      }
    };

  /** A retried event (same event_id) we already took is answered with silence. */
  const retried = (eventId: string | undefined): boolean => {
    if (!eventId) return false;
    if (events.has(eventId)) {
      opts.log('slack-retry-ignored', { event: eventId });
      return true;
    }
    events.add(eventId);
    return false;
  };

  /** Runs the core and answers: a form opens as a modal when Slack gave us a trigger, else a message. */
  async function answer(
    id: Asker,
    input: Parameters<Core['run']>[1],
    t: Target,
    triggerId?: string,
    opts2: { silentIfDuplicate?: boolean } = {},
  ): Promise<Outcome> {
    const outcome = await core.run(id, input);
    // A platform retry of something already done says nothing a second time.
    if (outcome.duplicate && opts2.silentIfDuplicate) return outcome;
    const form = formOf(outcome.reply.view);
    if (form && triggerId) {
      try {
        await openForm(t.client, triggerId, form, t.channel);
        return outcome;
      } catch (e) {
        await reportFailure(t, e, opts.log);
        return outcome;
      }
    }
    const { file } = outcome.reply;
    if (!file) {
      await send(t, outcome.reply.view, opts.log);
      return outcome;
    }
    const upload = await uploadFile(t.client, t.user, file);
    if (!upload.ok) opts.log('slack-api-failed', { method: 'files.uploadV2', error: upload.error });
    await send(t, withUpload(outcome.reply.view, file.name, upload), opts.log);
    return outcome;
  }

  // Listeners go on after Slack got its acknowledgement; stop() waits for them, so no answer is cut off.
  const busy = new Set<Promise<void>>();
  bolt.use(async ({ next }) => {
    // Every log line of the listener carries a request id, in Socket Mode too (over HTTP the server set one).
    const p = withRequest({ chat: 'slack' }, () => next());
    busy.add(p);
    try {
      await p;
    } finally {
      busy.delete(p);
    }
  });

  bolt.command(SLASH_COMMAND, async ({ command, ack, respond, client }) => {
    await ack();
    const t: Target = { client, user: command.user_id, respond: timed(respond), channel: command.channel_id };
    await answer(
      identify(command.team_id, command.user_id),
      { kind: 'text', text: fromSlackText(command.text), once: `slack:trigger:${command.trigger_id}` },
      t,
      command.trigger_id,
    );
  });

  bolt.event('app_mention', async ({ event, body, client }) => {
    if (!event.user || retried(body.event_id)) return;
    const t: Target = {
      client,
      user: event.user,
      channel: event.channel,
      ...(event.thread_ts ? { threadTs: event.thread_ts } : {}),
    };
    const text = fromSlackText(event.text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ')).trim();
    await answer(
      identify(body.team_id, event.user),
      { kind: 'text', text, once: `slack:event:${body.event_id}` },
      t,
      undefined,
      { silentIfDuplicate: true },
    );
  });

  bolt.message(async ({ message, body, client }) => {
    // Only people writing to the bot directly; edits, joins and bots (including us) are not commands.
    if (
      message.channel_type !== 'im' ||
      message.subtype !== undefined ||
      !('user' in message) ||
      !message.user
    )
      return;
    if ('bot_id' in message && message.bot_id) return;
    if (retried(body.event_id)) return;
    const t: Target = { client, user: message.user, channel: message.channel, dm: true };
    await answer(
      identify(body.team_id, message.user),
      { kind: 'text', text: fromSlackText(message.text ?? ''), once: `slack:event:${body.event_id}` },
      t,
      undefined,
      { silentIfDuplicate: true },
    );
  });

  bolt.action(ACTION_ID_PATTERN, async ({ ack, body, action, respond, client }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    const a = action as {
      type: string;
      action_id: string;
      block_id?: string;
      value?: string;
      selected_option?: { value?: string };
    };
    // The receiver refuses a block_actions without a user; this is the last line for Socket Mode.
    const user = body.user?.id;
    if (!user) return opts.log('slack-payload-refused', { reason: 'block_actions without a user' });
    const channel = body.channel?.id;
    const t: Target = {
      client,
      user,
      ...(body.response_url ? { respond: timed(respond) } : {}),
      ...(channel ? { channel } : {}),
    };
    const press = decodePress(a.type === 'overflow' ? a.selected_option?.value : a.value);
    if (!press) return send(t, unrecognised, opts.log);
    const { ref, source } = press;
    const id = identify(body.team?.id ?? body.user.team_id, user);
    if (ref.name === OPEN_FORM) {
      const { command, ...args } = ref.args;
      await answer(id, { kind: 'command', ref: { name: command ?? '', args } }, t, body.trigger_id);
      return;
    }
    const messageTs = body.container?.message_ts ?? body.message?.ts ?? body.view?.id ?? '';
    const isPage = ref.args.page !== undefined;
    const input = {
      kind: 'command' as const,
      ref,
      // Per presser: a second approver's press on the same channel card is their own request, not a replay.
      once: `slack:action:${messageTs}:${a.block_id ?? ''}:${a.action_id}:${user}`,
    };
    const outcome = await core.run(id, input);
    const r = outcome.result;
    // A button whose answer is a form (an overflow's "Edit X") opens it at once, with the press's trigger.
    const form = formOf(outcome.reply.view);
    if (r.ok && form && body.trigger_id) {
      try {
        return await openForm(t.client, body.trigger_id, form, t.channel);
      } catch (e) {
        return reportFailure(t, e, opts.log);
      }
    }
    // The card no longer matches the world (already cancelled, already released): say so and redraw it.
    if (!r.ok && (r.failure.kind === 'conflict' || r.failure.kind === 'not-found') && source && t.respond) {
      const fresh = await core.run(outcome.identity ?? id, { kind: 'command', ref: source });
      const redrawn: View = {
        ...fresh.reply.view,
        blocks: [
          textBlock('This card was out of date: '),
          ...outcome.reply.view.blocks,
          ...fresh.reply.view.blocks,
        ],
      };
      return send({ ...t, replace: true }, redrawn, opts.log);
    }
    await send({ ...t, replace: isPage }, outcome.reply.view, opts.log);
  });

  bolt.view(FORM_CALLBACK_ID, async ({ ack, body, view: modal, client }) => {
    const user = body.user.id;
    const meta = parseMetadata(modal.private_metadata);
    const t: Target = { client, user, ...(meta?.ch ? { channel: meta.ch } : {}) };
    if (!meta) {
      await ack();
      return send(t, unrecognised, opts.log);
    }
    const values = readSubmission(modal.state, fieldsOf(meta));
    const ref: CommandRef = { name: meta.c, args: { ...meta.a, ...values } };
    const outcome = await core.run(identify(body.team?.id ?? body.user.team_id, user), {
      kind: 'command',
      ref,
      once: `slack:view:${modal.id}:${modal.hash}`,
    });
    // Refused: the modal stays open with what was typed, the reason next to its field (or the first one).
    const refusal = modalRefusal(outcome, meta, modal.state.values);
    if (refusal) return void (await ack(refusal));
    await ack();
    await send(t, outcome.reply.view, opts.log);
  });

  bolt.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const outcome = await core.run(identify(body.team_id, event.user), { kind: 'text', text: 'whoami' });
    await publishHome(client, event.user, homeView(outcome.reply.view, outcome.result.ok), opts.log);
  });

  bolt.error(async (e) => {
    opts.log('slack-listener-failed', { error: slackError(e) });
  });

  return {
    bolt,
    route: receiver ? receiver.handle : null,
    port: slackPort(outbox, () => workspace),
    start: async () => {
      // The token is checked once, here, so a bad one is a start failure with a reason, not a later crash.
      // Bolt's check and the workspace look-up are both auth.test: asked together, a start waits for one.
      const lookup = workspace
        ? Promise.resolve(workspace)
        : bolt.client.auth.test().then(
            (r) => r.team_id,
            () => undefined,
          );
      if (deferred)
        await bolt.init().catch((e: unknown) => {
          throw new SlackStartError(`Slack refused SLACK_BOT_TOKEN (auth.test: ${slackError(e)})`);
        });
      workspace = await lookup;
      if (socket)
        await bolt.start().catch((e: unknown) => {
          throw new SlackStartError(
            `Slack Socket Mode could not connect (${slackError(e)}): check SLACK_APP_TOKEN (xapp-…, with connections:write) and that this machine can reach Slack`,
          );
        });
    },
    stop: async () => {
      if (socket) await bolt.stop();
      while (busy.size > 0) await Promise.allSettled([...busy]);
    },
  };
}

/** Event ids seen lately (a bounded set): Slack retries within minutes. */
function recentKeys(max = 5000) {
  const seen = new Set<string>();
  return {
    has: (k: string) => seen.has(k),
    add(k: string) {
      seen.add(k);
      if (seen.size > max) seen.delete(seen.values().next().value as string);
    },
  };
}

// The Slack adapter: Bolt listeners that turn slash commands, mentions, DMs, buttons, modals and Home into core calls.
import { App, LogLevel } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { App as Core, Outcome } from '../../src/app/app.ts';
import type { ChatPort } from '../../src/app/chat-port.ts';
import type { Identity } from '../../src/app/identity.ts';
import { withRequest } from '../../src/app/logger.ts';
import type { Route } from '../../src/app/server.ts';
import { decodePress } from '../../src/views/action-codec.ts';
import { type CommandRef, textBlock, type View, view } from '../../src/views/view.ts';
import { boltLogger } from './bolt-logger.ts';
import type { SlackConfig } from './config.ts';
import {
  type FormMetadata,
  fieldsOf,
  formOf,
  openForm,
  publishHome,
  reportFailure,
  send,
  slackError,
  type Target,
} from './deliver.ts';
import { type IdentityLookup, slackIdentities } from './identity.ts';
import { slackPort } from './port.ts';
import { type Log, SlackHttpReceiver } from './receiver.ts';
import { OPEN_FORM } from './render/blocks.ts';
import { FORM_CALLBACK_ID, formErrors, readSubmission } from './render/modal.ts';
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
  nowSeconds?: () => number;
};

const FormMetadataSchema = z.object({
  c: z.string().min(1).max(60),
  a: z.record(z.string(), z.string()),
  f: z.array(z.tuple([z.string().max(64), z.enum(['text', 'checkbox', 'select'])])).max(50),
  ch: z.string().optional(),
});

/** Approving or denying checks the account with Slack again, never from the cache. */
const DECISIONS = new Set(['approve', 'deny']);
const isDecision = (text: string) => DECISIONS.has(text.trim().split(/\s+/)[0]?.toLowerCase() ?? '');

const unrecognised = view([textBlock("I don't recognise that button; nothing was changed.")], {
  tone: 'error',
});
const cannotCheck = view(
  [textBlock("I couldn't check who you are with Slack just now, so nothing was changed. Please try again.")],
  { tone: 'error' },
);

export function createSlackAdapter(core: Core, config: SlackConfig, opts: SlackAdapterOptions): SlackAdapter {
  const socket = config.appToken !== undefined;
  const deferred = !(opts.botId && opts.botUserId);
  /** The workspace the bot token belongs to (auth.test at start): where outbox messages mention linked members. */
  let workspace = opts.teamId;
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
    clientOptions: {
      ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
      // 429s wait for Retry-After and try again; other failures are retried a few times, then reported.
      rejectRateLimitedCalls: false,
      retryConfig: { retries: 3, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    },
  });
  const who: IdentityLookup = slackIdentities(bolt.client);

  /** Identity first: a failed users.info is answered, never guessed around. */
  async function identify(
    team: string | undefined,
    user: string,
    t: Target,
    fresh = false,
  ): Promise<Identity | null> {
    // A workspace no company is mapped to gets the core's "not connected" answer without asking Slack.
    if (!(await core.knowsWorkspace('slack', team ?? '')))
      return { chat: 'slack', teamId: team ?? '', userId: user, email: null };
    try {
      return await who(team ?? '', user, fresh);
    } catch (e) {
      opts.log('slack-api-failed', { method: 'users.info', error: slackError(e) });
      await send(t, cannotCheck, opts.log);
      return null;
    }
  }

  /** Runs the core and answers: a form opens as a modal when Slack gave us a trigger, else a message. */
  async function answer(
    id: Identity,
    input: Parameters<Core['run']>[1],
    t: Target,
    triggerId?: string,
  ): Promise<Outcome> {
    const outcome = await core.run(id, input);
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
    await send(t, outcome.reply.view, opts.log);
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
    const t: Target = { client, user: command.user_id, respond, channel: command.channel_id };
    const id = await identify(command.team_id, command.user_id, t, isDecision(command.text));
    if (!id) return;
    await answer(
      id,
      { kind: 'text', text: fromSlackText(command.text), once: `slack:trigger:${command.trigger_id}` },
      t,
      command.trigger_id,
    );
  });

  bolt.event('app_mention', async ({ event, body, client }) => {
    if (!event.user) return;
    const t: Target = {
      client,
      user: event.user,
      channel: event.channel,
      ...(event.thread_ts ? { threadTs: event.thread_ts } : {}),
    };
    const id = await identify(body.team_id, event.user, t);
    if (!id) return;
    const text = fromSlackText(event.text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ')).trim();
    await answer(id, { kind: 'text', text, once: `slack:event:${body.event_id}` }, t);
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
    const t: Target = { client, user: message.user, channel: message.channel, dm: true };
    const id = await identify(body.team_id, message.user, t);
    if (!id) return;
    await answer(
      id,
      { kind: 'text', text: fromSlackText(message.text ?? ''), once: `slack:event:${body.event_id}` },
      t,
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
    const user = body.user.id;
    const channel = body.channel?.id;
    const t: Target = {
      client,
      user,
      ...(body.response_url ? { respond } : {}),
      ...(channel ? { channel } : {}),
    };
    const press = decodePress(a.type === 'overflow' ? a.selected_option?.value : a.value);
    if (!press) return send(t, unrecognised, opts.log);
    const { ref, source } = press;
    const id = await identify(body.team?.id ?? body.user.team_id, user, t, DECISIONS.has(ref.name));
    if (!id) return;
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
      once: `slack:action:${messageTs}:${a.block_id ?? ''}:${a.action_id}`,
    };
    const outcome = await core.run(id, input);
    const r = outcome.result;
    // The card no longer matches the world (already cancelled, already released): say so and redraw it.
    if (!r.ok && (r.failure.kind === 'conflict' || r.failure.kind === 'not-found') && source && t.respond) {
      const fresh = await core.run(id, { kind: 'command', ref: source });
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
    const id = await identify(body.team?.id ?? body.user.team_id, user, t);
    if (!id) return void (await ack());
    const values = readSubmission(modal.state, fieldsOf(meta));
    const ref: CommandRef = { name: meta.c, args: { ...meta.a, ...values } };
    const outcome = await core.run(id, {
      kind: 'command',
      ref,
      once: `slack:view:${modal.id}:${modal.hash}`,
    });
    const r = outcome.result;
    // A field the form shows gets its error next to it; the modal stays open with what was typed.
    if (!r.ok && r.failure.kind === 'invalid' && r.failure.field in modal.state.values) {
      return void (await ack(formErrors({ [r.failure.field]: r.failure.problem })));
    }
    await ack();
    await send(t, outcome.reply.view, opts.log);
  });

  bolt.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const t: Target = { client, user: event.user };
    const id = await identify(body.team_id, event.user, t);
    if (!id) return;
    const outcome = await core.run(id, { kind: 'text', text: 'whoami' });
    await publishHome(client, event.user, homeView(outcome.reply.view, outcome.result.ok), opts.log);
  });

  bolt.error(async (e) => {
    opts.log('slack-listener-failed', { error: slackError(e) });
  });

  return {
    bolt,
    route: receiver ? receiver.handle : null,
    port: slackPort(bolt.client, () => workspace),
    start: async () => {
      // The token is checked once, here, so a bad one is a start failure with a reason, not a later crash.
      if (deferred)
        await bolt.init().catch((e: unknown) => {
          throw new SlackStartError(`Slack refused SLACK_BOT_TOKEN (auth.test: ${slackError(e)})`);
        });
      if (!workspace)
        workspace = await bolt.client.auth.test().then(
          (r) => r.team_id,
          () => undefined,
        );
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

function parseMetadata(raw: string): FormMetadata | null {
  try {
    const parsed = FormMetadataSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return null;
    const { c, a, f, ch } = parsed.data;
    return { c, a, f, ...(ch ? { ch } : {}) };
  } catch {
    return null;
  }
}

/** The Home tab: who you are, then shortcuts (each pressed shortcut is authorized again like any button). */
export function homeView(whoami: View, known: boolean): View {
  if (!known) return whoami;
  return {
    ...whoami,
    title: 'Customer Portal team',
    blocks: [
      ...whoami.blocks,
      {
        kind: 'actions',
        actions: [
          { label: 'Team', command: { name: 'team', args: {} } },
          { label: 'Pending invitations', command: { name: 'team', args: { status: 'pending' } } },
          { label: 'Support cases', command: { name: 'cases', args: {} } },
          { label: 'Security contacts', command: { name: 'security-contacts', args: {} } },
          {
            label: 'Add team member',
            command: { name: OPEN_FORM, args: { command: 'invite' } },
            style: 'primary',
          },
          { label: 'Help', command: { name: 'help', args: {} } },
        ],
      },
    ],
  };
}

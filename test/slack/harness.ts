// A running Slack adapter on a real HTTP server, fed signed requests; nock plays Slack's Web API and response_url.
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { createSlackAdapter } from '../../adapters/slack/slack-app.ts';
import type { App as Core } from '../../src/app/app.ts';
import type { ChatPort } from '../../src/app/chat-port.ts';
import { createHttpServer } from '../../src/app/server.ts';
import { encodeAction } from '../../src/views/action-codec.ts';
import type { CommandRef } from '../../src/views/view.ts';

export const SECRET = 'test-signing-secret';
export const API = 'http://slack.test';
export const HOOKS = 'https://hooks.slack.com';
export const TEAM = 'T0000DEMO';
/** Where files.getUploadURLExternal tells the client to send a file's bytes. */
export const FILES = 'http://files.slack.test';

export type SlackUser = {
  id: string;
  email: string;
  team_id?: string;
  is_email_confirmed?: boolean;
  deleted?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  is_stranger?: boolean;
  real_name?: string;
};

export const USERS: Record<string, SlackUser> = {
  UALEX: { id: 'UALEX', email: 'alexw@example.com', real_name: 'Alex Wilber' },
  UMEGAN: { id: 'UMEGAN', email: 'meganb@example.com', real_name: 'Megan Bowen' },
  UADELE: { id: 'UADELE', email: 'adelev@example.com', real_name: 'Adele Vance' },
  ULEE: { id: 'ULEE', email: 'leeg@example.com', real_name: 'Lee Gu' },
  UNESTOR: { id: 'UNESTOR', email: 'nestorw@example.com', real_name: 'Nestor Wilke' },
  USTRANGER: { id: 'USTRANGER', email: 'someone@else.example', real_name: 'Someone' },
};

/** One outbound call to Slack, as nock saw it. */
export type Sent = { path: string; body: Record<string, unknown> };

/**
 * What Slack does instead of answering, for the next `times` calls of a method (Infinity: until cleared):
 * an HTTP status (a 500, a 429 with its Retry-After), or no answer for `hangMs` (a timeout).
 */
export type Fault = ({ status: number; retryAfter?: number } | { hangMs: number }) & { times: number };

export type Harness = {
  url: string;
  /** The adapter's chat port, for running the outbox worker against this fake Slack. */
  port: ChatPort;
  /** users.info calls made, by user id. */
  lookups: Record<string, number>;
  sent: Sent[];
  users: Record<string, SlackUser>;
  now: { seconds: number };
  logs: Array<{ event: string; detail?: Record<string, unknown> }>;
  /** POSTs a raw body with a valid (or given) signature; returns status and body text. */
  post(
    raw: string,
    opts?: {
      contentType?: string;
      headers?: Record<string, string>;
      sign?: boolean;
      secret?: string;
      ts?: number;
    },
  ): Promise<{ status: number; text: string }>;
  slash(
    user: string,
    text: string,
    opts?: { trigger?: string; team?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; text: string }>;
  press(
    user: string,
    ref: CommandRef,
    opts?: {
      messageTs?: string;
      actionId?: string;
      responseUrl?: boolean;
      overflow?: boolean;
      source?: CommandRef;
    },
  ): Promise<{ status: number; text: string }>;
  submit(
    user: string,
    meta: unknown,
    values: Record<string, Record<string, unknown>>,
    opts?: { viewId?: string },
  ): Promise<{ status: number; text: string }>;
  event(
    event: Record<string, unknown>,
    opts?: { eventId?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; text: string }>;
  /** Faults per Web API method (`users.info`, `chat.postMessage`, …) or `response_url`, taken in order. */
  faults: Record<string, Fault[]>;
  /** Every call per method or `response_url`, faults included. */
  calls: Record<string, number>;
  /** Waits until `n` outbound calls have been made (slow work continues after the ack). */
  waitForSent(n: number): Promise<Sent[]>;
  close(): Promise<void>;
  /** The adapter's stop: waits for listeners still at work. */
  stop(): Promise<void>;
};

export const sign = (secret: string, ts: number, raw: string) =>
  `v0=${createHmac('sha256', secret).update(`v0:${ts}:${raw}`).digest('hex')}`;

let counter = 0;
const nextId = (p: string) => `${p}${++counter}.${Date.now()}`;

function parseBody(body: unknown): Record<string, unknown> {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body);
    } catch {
      return Object.fromEntries(new URLSearchParams(body));
    }
  }
  return (body ?? {}) as Record<string, unknown>;
}

type Reply = [number, unknown, Record<string, string>?];

export async function startSlack(
  core: Core,
  opts: { api?: { timeoutMs?: number; retries?: number } } = {},
): Promise<Harness> {
  const faults: Record<string, Fault[]> = {};
  const calls: Record<string, number> = {};
  /** The method's next fault as a reply (after its hang), or its own answer. */
  const answer =
    (method: string, ok: (uri: string, body: unknown) => unknown) =>
    async (uri: string, body: unknown): Promise<Reply> => {
      calls[method] = (calls[method] ?? 0) + 1;
      const f = faults[method]?.[0];
      if (f) {
        if (--f.times <= 0) faults[method]?.shift();
        if ('hangMs' in f) {
          await new Promise((r) => setTimeout(r, f.hangMs));
          return [500, { ok: false, error: 'timed_out_here' }];
        }
        return [
          f.status,
          { ok: false, error: f.status === 429 ? 'ratelimited' : 'internal_error' },
          f.retryAfter !== undefined ? { 'retry-after': String(f.retryAfter) } : {},
        ];
      }
      return [200, ok(uri, body)];
    };
  const sent: Sent[] = [];
  const users = structuredClone(USERS);
  const now = { seconds: Math.floor(Date.now() / 1000) };
  const logs: Harness['logs'] = [];
  const lookups: Record<string, number> = {};
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');

  nock(API)
    .persist()
    .post('/api/users.info')
    .reply(
      answer('users.info', (_uri, body) => {
        const { user } = parseBody(body) as { user?: string };
        if (user) lookups[user] = (lookups[user] ?? 0) + 1;
        const u = user ? users[user] : undefined;
        if (!u) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: u.id,
            team_id: u.team_id ?? TEAM,
            name: u.real_name?.toLowerCase().replace(' ', '.'),
            real_name: u.real_name,
            deleted: u.deleted ?? false,
            is_bot: false,
            is_restricted: u.is_restricted ?? false,
            is_ultra_restricted: u.is_ultra_restricted ?? false,
            ...(u.is_stranger ? { is_stranger: true } : {}),
            is_email_confirmed: u.is_email_confirmed ?? true,
            profile: { email: u.email, real_name: u.real_name, display_name: u.real_name },
          },
        };
      }),
    );
  for (const method of [
    'chat.postMessage',
    'chat.postEphemeral',
    'views.open',
    'views.publish',
    'chat.update',
  ]) {
    nock(API)
      .persist()
      .post(`/api/${method}`)
      .reply(
        answer(method, (_uri, body) => {
          const b = parseBody(body);
          sent.push({ path: method, body: b });
          // Each message gets its own ts, so updates can be told apart.
          return {
            ok: true,
            ts: `1700000000.${String(sent.length).padStart(6, '0')}`,
            channel: String(b.channel ?? 'D1'),
          };
        }),
      );
  }
  nock(API)
    .persist()
    .post('/api/conversations.open')
    .reply(
      answer('conversations.open', (_uri, body) => ({
        ok: true,
        channel: { id: `D-${String(parseBody(body).users)}` },
      })),
    );
  nock(API)
    .persist()
    .post('/api/users.lookupByEmail')
    .reply(
      answer('users.lookupByEmail', (_uri, body) => {
        const email = String(parseBody(body).email);
        const u = Object.values(users).find((x) => x.email === email);
        return u ? { ok: true, user: { id: u.id } } : { ok: false, error: 'users_not_found' };
      }),
    );
  // files.uploadV2 is three steps: ask for an upload URL, send the bytes there, complete into a channel.
  nock(API)
    .persist()
    .post('/api/files.getUploadURLExternal')
    .reply(
      answer('files.getUploadURLExternal', (_uri, body) => {
        sent.push({ path: 'files.getUploadURLExternal', body: parseBody(body) });
        return { ok: true, upload_url: `${FILES}/upload/F${sent.length}`, file_id: `F${sent.length}` };
      }),
    );
  nock(FILES)
    .persist()
    .post(/^\/upload\//)
    .reply(
      answer('file upload', (uri, body) => {
        sent.push({ path: uri, body: { content: typeof body === 'string' ? body : JSON.stringify(body) } });
        return 'OK';
      }),
    );
  nock(API)
    .persist()
    .post('/api/files.completeUploadExternal')
    .reply(
      answer('files.completeUploadExternal', (_uri, body) => {
        const b = parseBody(body);
        sent.push({ path: 'files.completeUploadExternal', body: b });
        return { ok: true, files: JSON.parse(String(b.files ?? '[]')) };
      }),
    );
  nock(HOOKS)
    .persist()
    .post(/.*/)
    .reply(
      answer('response_url', (uri, body) => {
        sent.push({ path: uri, body: parseBody(body) });
        return 'ok';
      }),
    );

  const adapter = createSlackAdapter(
    core,
    { signingSecret: SECRET, botToken: 'xoxb-test-token', apiUrl: `${API}/api/` },
    {
      log: (event, detail) => logs.push({ event, ...(detail ? { detail } : {}) }),
      botId: 'B0BOT',
      botUserId: 'U0BOT',
      teamId: TEAM,
      nowSeconds: () => now.seconds,
      ...(opts.api ? { api: opts.api } : {}),
    },
  );
  if (!adapter.route) throw new Error('expected HTTP mode');
  const server = createHttpServer(core, { '/slack/events': adapter.route });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;

  const post: Harness['post'] = async (raw, opts = {}) => {
    const ts = opts.ts ?? now.seconds;
    const headers: Record<string, string> = {
      'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
      ...(opts.sign === false
        ? {}
        : {
            'x-slack-request-timestamp': String(ts),
            'x-slack-signature': sign(opts.secret ?? SECRET, ts, raw),
          }),
      ...opts.headers,
    };
    const res = await fetch(url, { method: 'POST', headers, body: raw });
    return { status: res.status, text: await res.text() };
  };

  const interaction = (payload: unknown) =>
    post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());

  const h: Harness = {
    faults,
    calls,
    url,
    port: adapter.port,
    stop: () => adapter.stop(),
    lookups,
    sent,
    users,
    now,
    logs,
    post,
    slash: (user, text, opts = {}) =>
      post(
        new URLSearchParams({
          token: 'legacy-token-ignored',
          team_id: opts.team ?? TEAM,
          team_domain: 'contoso',
          channel_id: 'C0GENERAL',
          channel_name: 'general',
          user_id: user,
          user_name: 'display-name-is-not-identity',
          command: '/portal',
          text,
          api_app_id: 'A0PORTAL',
          response_url: `${HOOKS}/commands/${TEAM}/1/${nextId('r')}`,
          trigger_id: opts.trigger ?? nextId('trig.'),
        }).toString(),
        opts.headers ? { headers: opts.headers } : {},
      ),
    press: (user, ref, opts = {}) => {
      const value = encodeAction(ref, opts.source);
      const actionId = opts.actionId ?? `portal:${ref.name.replaceAll(' ', '.')}:1`;
      return interaction({
        type: 'block_actions',
        team: { id: TEAM, domain: 'contoso' },
        user: { id: user, username: 'whoever', team_id: TEAM },
        api_app_id: 'A0PORTAL',
        token: 'legacy',
        trigger_id: nextId('trig.'),
        // Buttons on the Home tab come from a view: no channel, no response_url.
        ...(opts.responseUrl === false
          ? { container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home' } }
          : {
              container: {
                type: 'message',
                message_ts: opts.messageTs ?? nextId('m'),
                channel_id: 'C0GENERAL',
                is_ephemeral: true,
              },
              channel: { id: 'C0GENERAL', name: 'general' },
              response_url: `${HOOKS}/actions/A0PORTAL/1/${nextId('r')}`,
            }),
        actions: [
          opts.overflow
            ? {
                action_id: actionId,
                block_id: 'b1',
                type: 'overflow',
                selected_option: { text: { type: 'plain_text', text: 'x' }, value },
                action_ts: nextId(''),
              }
            : {
                action_id: actionId,
                block_id: 'b1',
                text: { type: 'plain_text', text: 'Go' },
                value,
                type: 'button',
                action_ts: nextId(''),
              },
        ],
      });
    },
    submit: (user, meta, values, opts = {}) =>
      interaction({
        type: 'view_submission',
        team: { id: TEAM, domain: 'contoso' },
        user: { id: user, username: 'whoever', name: 'whoever', team_id: TEAM },
        api_app_id: 'A0PORTAL',
        token: 'legacy',
        trigger_id: nextId('trig.'),
        view: {
          id: opts.viewId ?? nextId('V'),
          team_id: TEAM,
          type: 'modal',
          callback_id: 'portal:form',
          private_metadata: typeof meta === 'string' ? meta : JSON.stringify(meta),
          state: { values },
          hash: '156772938.1827394',
          blocks: [],
          title: { type: 'plain_text', text: 'Add team member' },
        },
      }),
    event: (event, opts = {}) =>
      post(
        JSON.stringify({
          token: 'legacy',
          team_id: TEAM,
          api_app_id: 'A0PORTAL',
          event,
          type: 'event_callback',
          event_id: opts.eventId ?? nextId('Ev'),
          event_time: now.seconds,
        }),
        { contentType: 'application/json', ...(opts.headers ? { headers: opts.headers } : {}) },
      ),
    async waitForSent(n) {
      for (let i = 0; i < 400 && sent.length < n; i++) await new Promise((r) => setTimeout(r, 10));
      if (sent.length < n)
        throw new Error(
          `expected ${n} outbound calls, saw ${sent.length}: ${sent.map((s) => s.path).join(', ')}`,
        );
      return sent;
    },
    close: async () => {
      await new Promise((r) => server.close(r));
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
  return h;
}

/** All the text Slack would show for a sent message: blocks and fallback, as one string. */
export const shown = (s: Sent | undefined) => JSON.stringify(s?.body ?? {});

// A running Teams adapter on a real HTTP server, fed activities built from the real payloads; nock plays the connector.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import type { TeamsConfig } from '../../adapters/teams/config.ts';
import { DOWNLOAD_PATH } from '../../adapters/teams/downloads.ts';
import { createTeamsAdapter, type TeamsAdapter } from '../../adapters/teams/teams-app.ts';
import type { App as Core } from '../../src/app/app.ts';
import { createHttpServer } from '../../src/app/server.ts';
import type { SignedLinks } from '../../src/app/signed-links.ts';
import { AUTHENTICATED, nockMicrosoft, token } from './tokens.ts';

export const TENANT = '00000000-0000-0000-0000-0000000000001';
export const FOREIGN_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const SERVICE = 'https://smba.test/amer/';
/** Local mode calls only a connector on this machine (nock plays it there too). */
export const LOCAL_SERVICE = 'http://127.0.0.1:9/amer/';
export const BOT = '28:c9e8c047-2a74-40a2-b28a-b162d5f5327c';
export const PERSONAL_CHAT = 'a:1personal';
export const CHANNEL = '19:6848757105754c8981c67612732d9aa7@thread.tacv2';
export const GROUP_CHAT = '19:group-chat-1@thread.v2';
export const TEAM = '19:66P469zibfbsGI-_a0aN_toLTZpyzS6u7CT3TsXdgPw1@thread.tacv2';

/** Real payloads copied into the repository (see test/fixtures/platform-payloads/README.md for their sources). */
const FIXTURES = new URL('../fixtures/platform-payloads/', import.meta.url);
export const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8'));

/** A Teams user as the connector knows them (getMember), keyed by their Teams id. */
export type TeamsUser = {
  id: string;
  objectId: string;
  email?: string;
  upn?: string;
  tenantId?: string;
  userRole?: string;
  name?: string;
  /** Removed from the tenant: getMember answers 404. */
  gone?: boolean;
};

export const USERS: Record<string, TeamsUser> = {
  ALEX: { id: '29:alex', objectId: 'a1000000-0000-0000-0000-000000000001', email: 'alexw@example.com' },
  MEGAN: { id: '29:megan', objectId: 'a1000000-0000-0000-0000-000000000002', email: 'meganb@example.com' },
  ADELE: { id: '29:adele', objectId: 'a1000000-0000-0000-0000-000000000003', email: 'adelev@example.com' },
  STRANGER: {
    id: '29:stranger',
    objectId: 'a1000000-0000-0000-0000-000000000009',
    email: 'who@else.example',
  },
};

export type Scope = 'personal' | 'channel' | 'groupChat';

/** One call the bot made to the connector, as nock saw it. */
export type Sent = {
  method: 'POST' | 'PUT';
  conversation: string;
  activityId?: string;
  body: ActivityBody;
  /** The Authorization header the bot sent (none in local mode). */
  authorization?: string;
};
export type ActivityBody = {
  type?: string;
  id?: string;
  attachments?: Array<{ contentType: string; content: Card }>;
  [k: string]: unknown;
};
export type Card = {
  type: 'AdaptiveCard';
  body: unknown[];
  refresh?: { action: Action };
  [k: string]: unknown;
};
export type Action = { type: string; title?: string; verb?: string; data?: Record<string, unknown> };

export type Reply = { status: number; body: unknown };

/**
 * What the connector does instead of answering, for the next `times` calls (Infinity: until cleared): an
 * HTTP status (a 500, a 429 with its Retry-After), or no answer for `hangMs` (a timeout).
 */
export type Fault = ({ status: number; retryAfter?: number } | { hangMs: number }) & { times: number };
type NockReply = [number, unknown, Record<string, string>?];

export type Harness = {
  url: string;
  /** Messages and updates the bot sent; typing indicators are kept apart, in `typing`. */
  sent: Sent[];
  /** The conversations a typing indicator was sent to, in order. */
  typing: string[];
  users: Record<string, TeamsUser>;
  logs: Array<{ event: string; detail?: Record<string, unknown> }>;
  adapter: TeamsAdapter;
  /** Times getMember was asked, per Teams user id. */
  lookups: Record<string, number>;
  /** Faults for `getMember`, `send` (POST) and `update` (PUT), taken in order. */
  faults: Record<string, Fault[]>;
  /** Every connector call, faults included. */
  calls: Record<string, number>;
  /**
   * POSTs an activity. With credentials it carries a valid token for the activity's service URL, unless
   * `headers.authorization` is given (`''`: no header at all).
   */
  post(activity: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** A message from `user` ("ALEX"), in a personal chat unless told, from the real payloads. */
  say(user: string, text: string, opts?: MessageOpts): Promise<Reply>;
  /** An adaptiveCard/action invoke for `action` (from a card we sent), with typed inputs merged into its data. */
  press(user: string, action: Action, opts?: PressOpts): Promise<Reply>;
  /** Waits until `n` calls reached the connector (replies are sent before the HTTP answer, updates may be later). */
  waitForSent(n: number): Promise<Sent[]>;
  close(): Promise<void>;
};

export type MessageOpts = { scope?: Scope; id?: string; tenant?: string; headers?: Record<string, string> };
export type PressOpts = {
  scope?: Scope;
  replyToId?: string;
  inputs?: Record<string, string>;
  id?: string;
  trigger?: 'manual' | 'automatic';
  tenant?: string;
  headers?: Record<string, string>;
};

let counter = 0;
const next = (p: string) => `${p}${++counter}${Date.now() % 100000}`;

export const conversationOf = (scope: Scope) =>
  scope === 'personal' ? PERSONAL_CHAT : scope === 'channel' ? CHANNEL : GROUP_CHAT;

/** A channel message or card lives in a thread: its conversation id names the thread's first message. */
export const THREAD = `${CHANNEL};messageid=1759881511856`;

function envelope(user: TeamsUser, scope: Scope, tenant: string, serviceUrl: string) {
  const conversation = scope === 'channel' ? THREAD : conversationOf(scope);
  return {
    channelId: 'msteams',
    serviceUrl,
    from: { id: user.id, name: user.name ?? 'Display Name Is Not Identity', aadObjectId: user.objectId },
    recipient: { id: BOT, name: 'Portal' },
    conversation:
      scope === 'personal'
        ? { conversationType: 'personal', tenantId: tenant, id: conversation }
        : { isGroup: true, conversationType: scope, tenantId: tenant, id: conversation },
    channelData: {
      tenant: { id: tenant },
      ...(scope === 'channel' ? { team: { id: TEAM }, channel: { id: CHANNEL }, teamsTeamId: TEAM } : {}),
    },
  };
}

/** The personal-message payload (or the channel @mention one) with our bot, tenant, user and text. */
export function messageActivity(user: TeamsUser, text: string, opts: MessageOpts = {}, serviceUrl = SERVICE) {
  const scope = opts.scope ?? 'personal';
  const base =
    scope === 'personal'
      ? fixture('teams-message.personal.docs-example')
      : fixture('teams-message.channel-mention');
  const env = envelope(user, scope, opts.tenant ?? TENANT, serviceUrl);
  const mention = '<at>Portal</at>';
  return {
    ...base,
    ...env,
    id: opts.id ?? next('1700000'),
    text: scope === 'personal' ? text : `${mention} ${text}`,
    attachments: [],
    entities:
      scope === 'personal'
        ? base.entities
        : [{ mentioned: { id: BOT, name: 'Portal' }, text: mention, type: 'mention' }],
  };
}

/** The invoke payload, given a verb and data as Teams would send them back. */
export function invokeActivity(user: TeamsUser, action: Action, opts: PressOpts = {}, serviceUrl = SERVICE) {
  const base = fixture('teams-invoke.adaptiveCard-action.personal');
  const scope = opts.scope ?? 'personal';
  const env = envelope(user, scope, opts.tenant ?? TENANT, serviceUrl);
  const replyToId = opts.replyToId ?? 'card-1';
  return {
    ...base,
    ...env,
    id: opts.id ?? next('f:invoke-'),
    channelData: { ...env.channelData, source: { name: 'message' }, legacy: { replyToId } },
    replyToId,
    value: {
      action: {
        type: 'Action.Execute',
        title: action.title,
        ...(action.verb !== undefined ? { verb: action.verb } : {}),
        data: { ...(action.data ?? {}), ...(opts.inputs ?? {}) },
      },
      trigger: opts.trigger ?? 'manual',
    },
  };
}

const decode = (s: string) => decodeURIComponent(s);
const authorizationOf = (headers: Record<string, string | string[] | undefined>) => {
  const a = headers.authorization;
  return typeof a === 'string' ? { authorization: a } : {};
};

/**
 * With credentials by default (every request signed as the Bot Framework would); `config: { local: true }`
 * for local mode, whose connector is on a loopback address.
 */
export async function startTeams(
  core: Core,
  opts: {
    config?: TeamsConfig;
    invokeBudgetMs?: number;
    serviceUrl?: string;
    now?: () => number;
    apiTimeoutMs?: number;
    links?: SignedLinks;
  } = {},
): Promise<Harness> {
  const faults: Record<string, Fault[]> = {};
  const calls: Record<string, number> = {};
  /** The next fault for this call as a reply (after its hang), or undefined to answer normally. */
  const fault = async (what: string): Promise<NockReply | undefined> => {
    calls[what] = (calls[what] ?? 0) + 1;
    const f = faults[what]?.[0];
    if (!f) return undefined;
    if (--f.times <= 0) faults[what]?.shift();
    if ('hangMs' in f) {
      await new Promise((r) => setTimeout(r, f.hangMs));
      return [500, { error: { code: 'TimedOutHere' } }];
    }
    return [
      f.status,
      { error: { code: f.status === 429 ? 'Throttled' : 'ServiceError', message: 'fault' } },
      f.retryAfter !== undefined ? { 'retry-after': String(f.retryAfter) } : {},
    ];
  };
  const config: TeamsConfig = opts.config ?? AUTHENTICATED;
  const serviceUrl = opts.serviceUrl ?? (config.local ? LOCAL_SERVICE : SERVICE);
  const sent: Sent[] = [];
  const typing: string[] = [];
  const users = structuredClone(USERS);
  const lookups: Record<string, number> = {};
  const logs: Harness['logs'] = [];
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  if (!config.local) nockMicrosoft();

  const origin = new URL(serviceUrl).origin;
  const prefix = new URL(serviceUrl).pathname.replace(/\/$/, '');
  nock(origin)
    .persist()
    .get(new RegExp(`^${prefix}/v3/conversations/[^/]+/members/[^/]+$`))
    .reply(async (uri) => {
      const failed = await fault('getMember');
      if (failed) return failed;
      const userId = decode(uri.split('/').at(-1) ?? '');
      lookups[userId] = (lookups[userId] ?? 0) + 1;
      const u = Object.values(users).find((x) => x.id === userId);
      if (!u || u.gone) return [404, { error: { code: 'NotFound', message: 'member not found' } }];
      // The REST shape of the real payload: `objectId`, email, UPN, tenant, role.
      const real = fixture('teams-rest.getMember-response.docs-example');
      return [
        200,
        {
          ...real,
          id: u.id,
          objectId: u.objectId,
          givenName: u.name ?? 'Given',
          surname: 'Surname',
          email: u.email ?? null,
          userPrincipalName: u.upn ?? u.email ?? null,
          tenantId: u.tenantId ?? TENANT,
          userRole: u.userRole ?? 'user',
        },
      ];
    });
  nock(origin)
    .persist()
    .post(new RegExp(`^${prefix}/v3/conversations/[^/]+/activities(/[^/]+)?$`))
    .reply(async function (uri, body) {
      const failed = await fault('send');
      if (failed) return failed;
      const [, conversation = '', , activityId] =
        uri.slice(prefix.length).match(/conversations\/([^/]+)\/activities(\/([^/]+))?/) ?? [];
      if ((body as { type?: unknown }).type === 'typing') {
        typing.push(decode(conversation));
        return [201, { id: `typing-${typing.length}` }];
      }
      sent.push({
        method: 'POST',
        conversation: decode(conversation),
        ...(activityId ? { activityId: decode(activityId) } : {}),
        body: body as ActivityBody,
        ...authorizationOf(this.req.headers),
      });
      return [201, { id: `sent-${sent.length}` }];
    });
  nock(origin)
    .persist()
    .put(new RegExp(`^${prefix}/v3/conversations/[^/]+/activities/[^/]+$`))
    .reply(async function (uri, body) {
      const failed = await fault('update');
      if (failed) return failed;
      const [, conversation = '', activityId = ''] =
        uri.slice(prefix.length).match(/conversations\/([^/]+)\/activities\/([^/]+)/) ?? [];
      sent.push({
        method: 'PUT',
        conversation: decode(conversation),
        activityId: decode(activityId),
        body: body as ActivityBody,
        ...authorizationOf(this.req.headers),
      });
      return [200, { id: decode(activityId) }];
    });

  const adapter = createTeamsAdapter(core, config, {
    log: (event, detail) => logs.push({ event, ...(detail ? { detail } : {}) }),
    ...(opts.invokeBudgetMs !== undefined ? { invokeBudgetMs: opts.invokeBudgetMs } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.apiTimeoutMs !== undefined ? { apiTimeoutMs: opts.apiTimeoutMs } : {}),
    ...(opts.links ? { links: opts.links } : {}),
  });
  const server = createHttpServer(core, {
    '/api/messages': adapter.route,
    ...(adapter.downloads ? { [DOWNLOAD_PATH]: adapter.downloads } : {}),
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;

  const post: Harness['post'] = async (activity, headers = {}) => {
    const { authorization, ...rest } = headers;
    const named = (activity as { serviceUrl?: unknown } | null)?.serviceUrl;
    const auth =
      authorization !== undefined
        ? authorization
        : config.local
          ? ''
          : `Bearer ${token(typeof named === 'string' ? named : serviceUrl)}`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...rest, ...(auth ? { authorization: auth } : {}) },
      body: typeof activity === 'string' ? activity : JSON.stringify(activity),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: res.status, body };
  };
  const user = (key: string) => {
    const u = users[key];
    if (!u) throw new Error(`no test user ${key}`);
    return u;
  };

  return {
    url,
    sent,
    typing,
    users,
    logs,
    adapter,
    lookups,
    faults,
    calls,
    post,
    say: (key, text, o = {}) => post(messageActivity(user(key), text, o, serviceUrl), o.headers),
    press: (key, action, o = {}) => post(invokeActivity(user(key), action, o, serviceUrl), o.headers),
    async waitForSent(n) {
      for (let i = 0; i < 400 && sent.length < n; i++) await new Promise((r) => setTimeout(r, 10));
      if (sent.length < n)
        throw new Error(
          `expected ${n} connector calls, saw ${sent.length}: ${sent.map((s) => s.method).join(', ')}`,
        );
      return sent;
    },
    close: async () => {
      await new Promise((r) => server.close(r));
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Reading what was sent.

/** The Adaptive Card in a sent activity (or an invoke answer's body). */
export function cardOf(x: Sent | Reply | undefined): Card {
  if (!x) throw new Error('nothing sent');
  if ('method' in x) {
    const a = x.body.attachments?.[0];
    if (a?.contentType !== 'application/vnd.microsoft.card.adaptive')
      throw new Error(`no card in ${JSON.stringify(x.body)}`);
    return a.content;
  }
  const b = x.body as { statusCode?: number; type?: string; value?: Card };
  if (b?.type !== 'application/vnd.microsoft.card.adaptive' || !b.value)
    throw new Error(`not a card answer: ${x.status} ${JSON.stringify(x.body)}`);
  return b.value;
}

/** All text a card shows (TextBlocks, facts, table cells, button titles), joined. */
export function textOf(card: Card): string {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (typeof n !== 'object' || n === null) return;
    const o = n as Record<string, unknown>;
    for (const k of ['text', 'title', 'value', 'label', 'placeholder'])
      if (typeof o[k] === 'string') out.push(o[k] as string);
    for (const [k, v] of Object.entries(o)) if (k !== 'data' && k !== 'refresh') walk(v);
  };
  walk(card.body);
  walk(card.actions);
  return out.join('\n');
}

/** The Action.Execute titled `title`, however deep (a confirmation's "Yes, …" sits in a ShowCard). */
export function actionOf(card: Card, title: string | RegExp): Action {
  const found: Action[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (typeof n !== 'object' || n === null) return;
    const o = n as Action & Record<string, unknown>;
    if (
      o.type === 'Action.Execute' &&
      typeof o.title === 'string' &&
      (typeof title === 'string' ? o.title === title : title.test(o.title))
    )
      found.push(o);
    for (const v of Object.values(o)) walk(v);
  };
  walk(card.body);
  walk(card.actions);
  const a = found[0];
  if (!a) throw new Error(`no button ${title} in ${textOf(card)}`);
  return a;
}

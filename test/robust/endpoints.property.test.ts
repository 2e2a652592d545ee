// Every HTTP endpoint, fed generated malformed bodies that are correctly signed or authenticated: never a 5xx, never a crash, the store byte for byte as it was.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { acceptRoute } from '../../src/app/accept-link.ts';
import { eventsHook, signHook } from '../../src/app/events-hook.ts';
import { createHttpServer } from '../../src/app/server.ts';
import { signedLinks } from '../../src/app/signed-links.ts';
import { encodeAction } from '../../src/views/action-codec.ts';
import { fileApp } from '../fakes/app.ts';
import { type Harness as SlackHarness, startSlack, TEAM } from '../slack/harness.ts';
import {
  invokeActivity,
  messageActivity,
  startTeams,
  type Harness as TeamsHarness,
  type TeamsUser,
} from '../teams/harness.ts';
import { record } from './figures.ts';
import {
  all,
  broken,
  del,
  type Json,
  junk,
  nastyString,
  notJsonObject,
  notObject,
  notString,
  RUNS,
  set,
} from './fuzz.ts';

const HOOK_SECRET = 'fuzz-hook-secret';
const LINKS = (() => {
  const l = signedLinks({
    secret: 'fuzz-link-secret-0123456789abcdef-0123',
    publicUrl: 'https://bot.example.com',
  });
  if (!l) throw new Error('links are configured');
  return l;
})();
/** Per endpoint: the runs, plus starting the servers; generous, as the machine is shared. */
const TIMEOUT = RUNS * 400 + 30_000;

let app: Awaited<ReturnType<typeof fileApp>>;
let slack: SlackHarness;
let teams: TeamsHarness;
let hooks: Server;
let hookUrl: string;

beforeAll(async () => {
  // botbuilder prints its refusals itself; here they are expected, by the thousand.
  for (const m of ['error', 'warn', 'log'] as const) vi.spyOn(console, m).mockImplementation(() => {});
  app = await fileApp();
  slack = await startSlack(app);
  teams = await startTeams(app);
  hooks = createHttpServer(app, {
    '/hooks/events': eventsHook(app, HOOK_SECRET),
    '/invitations/accept': acceptRoute({ store: app.store, clock: app.clock, links: LINKS }),
  });
  await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hooks/events`;
  // Everyone who appears in the payloads is bound (and their chats remembered) before the snapshot, so a
  // later write could only come from a malformed body.
  for (const user of ['UALEX', 'UMEGAN', 'UADELE']) await slack.slash(user, 'whoami');
  for (const user of ['ALEX', 'MEGAN']) {
    await teams.say(user, 'whoami');
    await teams.say(user, 'whoami', { scope: 'channel' });
  }
  await slack.waitForSent(3);
  await teams.waitForSent(4);
}, 60_000);
afterAll(async () => {
  vi.restoreAllMocks();
  await new Promise((r) => hooks.close(r));
  await teams.close();
  await slack.close();
  await app.cleanup();
});

const settle = () => new Promise((r) => setTimeout(r, 150));

/** Runs `post` for every generated body; each answer is below 500, and the store file never changes. */
async function hammer<T>(name: string, gen: fc.Arbitrary<T>, post: (body: T) => Promise<number>) {
  await settle();
  const before = await app.bytes();
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(gen, async (body) => {
      const status = await post(body);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      expect(status, JSON.stringify(body).slice(0, 300)).toBeLessThan(500);
      expect(status).toBeGreaterThanOrEqual(200);
    }),
    { numRuns: RUNS },
  );
  await settle();
  expect((await app.bytes()).equals(before)).toBe(true);
  const fives = [...statuses].filter(([s]) => s >= 500).length;
  record(`endpoints.${name}`, { bodies: RUNS, statuses: Object.fromEntries(statuses), fiveHundreds: fives });
}

// --- Slack -----------------------------------------------------------------------------------------

const str = (j: Json) => (typeof j === 'string' ? j : JSON.stringify(j));
const formOf = (o: Json) =>
  new URLSearchParams(
    Object.entries(o && typeof o === 'object' && !Array.isArray(o) ? o : { body: o }).map(([k, v]) => [
      k,
      str(v),
    ]),
  ).toString();
const payloadForm = (o: Json) => new URLSearchParams({ payload: JSON.stringify(o) }).toString();
const knownUser = fc.constantFrom('UALEX', 'UMEGAN', 'UADELE', 'UNOBODY');

const slash = {
  token: 'legacy',
  team_id: TEAM,
  team_domain: 'contoso',
  channel_id: 'C0GENERAL',
  channel_name: 'general',
  user_id: 'UALEX',
  user_name: 'alex',
  command: '/portal',
  text: 'whoami',
  api_app_id: 'A0PORTAL',
  response_url: 'https://hooks.slack.com/commands/T/1/fuzz',
  trigger_id: 'trig.fuzz',
};
const press = {
  type: 'block_actions',
  team: { id: TEAM, domain: 'contoso' },
  user: { id: 'UALEX', username: 'alex', team_id: TEAM },
  api_app_id: 'A0PORTAL',
  trigger_id: 'trig.fuzz',
  container: { type: 'message', message_ts: '1.1', channel_id: 'C0GENERAL', is_ephemeral: true },
  channel: { id: 'C0GENERAL', name: 'general' },
  response_url: 'https://hooks.slack.com/actions/A/1/fuzz',
  actions: [
    {
      action_id: 'portal:whoami:1',
      block_id: 'b1',
      type: 'button',
      value: encodeAction({ name: 'whoami', args: {} }),
      action_ts: '1',
    },
  ],
};
const submission = {
  type: 'view_submission',
  team: { id: TEAM, domain: 'contoso' },
  user: { id: 'UALEX', username: 'alex', team_id: TEAM },
  api_app_id: 'A0PORTAL',
  trigger_id: 'trig.fuzz',
  view: {
    id: 'VFUZZ',
    team_id: TEAM,
    type: 'modal',
    callback_id: 'portal:form',
    private_metadata: JSON.stringify({ c: 'invite', a: {}, f: [['email', 'text']] }),
    state: { values: { email: { email: { type: 'plain_text_input', value: 'not-an-email' } } } },
    hash: '1.2',
    blocks: [],
  },
};
const mention = {
  token: 'legacy',
  team_id: TEAM,
  api_app_id: 'A0PORTAL',
  type: 'event_callback',
  event_id: 'EvFUZZ',
  event_time: 1,
  event: { type: 'app_mention', user: 'UALEX', text: '<@U0BOT> whoami', channel: 'C0GENERAL', ts: '1.1' },
};

const slashBodies = fc.oneof(
  broken(slash, [
    del('user_id'),
    set(['user_id'], fc.constant('')),
    del('team_id'),
    del('text'),
    set(['text'], fc.constant('x'.repeat(4001))),
    set(['command'], fc.constant('')),
    set(
      ['response_url'],
      nastyString.filter((s) => !/^https?:\/\//.test(s)),
    ),
  ]),
  // Well formed, with nonsense where people type: parsed and answered, never run as a change.
  fc.record({ text: nastyString, user_id: knownUser }).map((x) => ({ ...slash, ...x }) as Json),
);

const pressBodies = fc.oneof(
  broken(press, [
    del('user'),
    set(['user'], notObject),
    set(['user', 'id'], notString),
    set(['user', 'id'], fc.constant('')),
    del('actions'),
    set(['actions'], fc.oneof(fc.constant([] as Json), notObject)),
    set(['actions', '0'], notObject),
    set(['actions', '0', 'action_id'], notString),
    set(['actions', '0', 'type'], notString),
    set(['actions', '0', 'value'], notString),
    set(['team'], fc.oneof(fc.integer(), nastyString)),
    set(['channel'], fc.oneof(fc.integer(), nastyString)),
  ]),
  fc
    .record({
      value: fc.oneof(
        nastyString,
        junk.map((j) => JSON.stringify(j)),
      ),
      user: knownUser,
    })
    .map(({ value, user }) => ({
      ...press,
      user: { ...press.user, id: user },
      actions: [{ ...press.actions[0], value }],
    })),
);

const submissionBodies = fc.oneof(
  broken(submission, [
    del('user'),
    set(['user', 'id'], notString),
    del('view'),
    set(['view'], notObject),
    del('view', 'id'),
    set(['view', 'private_metadata'], notString),
    set(['view', 'state'], notObject),
    set(['view', 'state', 'values'], notObject),
    set(['view', 'state', 'values', 'email'], notObject),
    set(['view', 'hash'], notString),
  ]),
  fc
    .record({
      meta: fc.oneof(
        nastyString,
        junk.map((j) => JSON.stringify(j)),
      ),
      value: nastyString,
    })
    .map(({ meta, value }) => ({
      ...submission,
      view: {
        ...submission.view,
        private_metadata: meta,
        state: { values: { email: { email: { type: 'plain_text_input', value } } } },
      },
    })),
);

const eventBodies = fc.oneof(
  broken(mention, [
    del('event'),
    set(['event'], notObject),
    set(['event', 'type'], notString),
    del('event_id'),
    del('team_id'),
    del('event', 'text'),
    set(['event', 'text'], notString),
    set(['event', 'user'], notString),
    set(['event', 'channel'], notString),
    all(set(['event', 'type'], fc.constant('message')), del('event', 'channel')),
  ]),
  fc
    .record({ text: nastyString, id: fc.string({ minLength: 1, maxLength: 20 }), user: knownUser })
    .map(({ text, id, user }) => ({
      ...mention,
      event_id: `EvF${id}`,
      event: { ...mention.event, user, text: `<@U0BOT> ${text}` },
    })),
);

const otherSlackBodies = fc.oneof(
  nastyString.map((s) => ({ raw: s, json: false })),
  notJsonObject.map((s) => ({ raw: new URLSearchParams({ payload: s }).toString(), json: false })),
  notJsonObject.map((s) => ({ raw: s, json: true })),
  fc
    .record({ type: fc.oneof(nastyString, notString) }, { requiredKeys: [] })
    .map((o) => ({ raw: payloadForm(o as Json), json: false })),
);

describe('POST /slack/events, signed, malformed', () => {
  it(
    `slash commands: ${RUNS} bodies`,
    () => hammer('slack.slash', slashBodies, async (b) => (await slack.post(formOf(b))).status),
    TIMEOUT,
  );
  it(
    `block_actions: ${RUNS} bodies`,
    () => hammer('slack.block_actions', pressBodies, async (b) => (await slack.post(payloadForm(b))).status),
    TIMEOUT,
  );
  it(
    `view_submission: ${RUNS} bodies`,
    () =>
      hammer(
        'slack.view_submission',
        submissionBodies,
        async (b) => (await slack.post(payloadForm(b))).status,
      ),
    TIMEOUT,
  );
  it(
    `events: ${RUNS} bodies`,
    () =>
      hammer(
        'slack.events',
        eventBodies,
        async (b) => (await slack.post(JSON.stringify(b), { contentType: 'application/json' })).status,
      ),
    TIMEOUT,
  );
  it(
    `anything else: ${RUNS} bodies`,
    () =>
      hammer(
        'slack.other',
        otherSlackBodies,
        async (b) => (await slack.post(b.raw, b.json ? { contentType: 'application/json' } : {})).status,
      ),
    TIMEOUT,
  );
});

// --- Teams -----------------------------------------------------------------------------------------

const user = (key: string) => teams.users[key] as TeamsUser;
const teamsBases = (): Array<Record<string, unknown>> => [
  messageActivity(user('ALEX'), 'whoami'),
  messageActivity(user('MEGAN'), 'whoami', { scope: 'channel' }),
  invokeActivity(user('ALEX'), {
    type: 'Action.Execute',
    verb: 'portal:whoami:1',
    data: { portal: encodeAction({ name: 'whoami', args: {} }) },
  }),
];

const teamsBodies = () =>
  fc.oneof(
    ...teamsBases().map((base) =>
      broken(base, [
        set(['type'], fc.oneof(notString, fc.constantFrom('typing', 'messageReaction', 'x-unknown'))),
        set(['channelId'], fc.oneof(notString, fc.constantFrom('webchat', 'slack', ''))),
        del('from'),
        set(['from'], notObject),
        set(['from', 'id'], fc.oneof(notString, fc.constant(''))),
        del('recipient'),
        set(['recipient', 'id'], notString),
        del('conversation'),
        set(['conversation'], notObject),
        set(['conversation', 'id'], fc.oneof(notString, fc.constant(''))),
        all(del('conversation', 'tenantId'), del('channelData', 'tenant')),
        all(
          set(['conversation', 'conversationType'], fc.constant('meeting')),
          set(['conversation', 'isGroup'], fc.constant(true)),
        ),
        set(
          ['serviceUrl'],
          nastyString.filter((s) => !/^https?:\/\//.test(s)),
        ),
        base.type === 'message' ? set(['text'], notString) : set(['name'], fc.oneof(notString, nastyString)),
        base.type === 'message' ? del('id') : set(['value'], notObject),
      ]),
    ),
    // Well formed, with nonsense where people type or where a card's data goes.
    fc
      .record({ text: nastyString, who: fc.constantFrom('ALEX', 'MEGAN') })
      .map(({ text, who }) => messageActivity(user(who), text) as unknown as Json),
    fc.record({ data: junk, verb: fc.oneof(nastyString, fc.constant('portal:whoami:1')) }).map(
      ({ data, verb }) =>
        invokeActivity(user('ALEX'), {
          type: 'Action.Execute',
          verb,
          data: { portal: data as never },
        }) as unknown as Json,
    ),
  );

describe('POST /api/messages, authenticated, malformed', () => {
  it(
    `activities: ${RUNS} bodies`,
    () => hammer('teams', teamsBodies(), async (b) => (await teams.post(b)).status),
    TIMEOUT,
  );
  it(
    `not activities: ${RUNS} bodies`,
    () => hammer('teams.other', notJsonObject, async (b) => (await teams.post(b)).status),
    TIMEOUT,
  );
});

// --- The events hook -----------------------------------------------------------------------------

const hook = {
  id: 'evt-fuzz',
  company: 'contoso',
  event: { type: 'maintenance', infra: 'prod-eu', text: 'Saturday 02:00 UTC: upgrade' },
};
const hookBodies = fc.oneof(
  broken(hook, [
    set(['company'], fc.oneof(notString, fc.constantFrom('acme', '', 'CONTOSO', 'contoso '))),
    del('company'),
    del('id'),
    set(['id'], fc.oneof(notString, fc.constant(''), fc.constant('x'.repeat(101)))),
    del('event'),
    set(['event'], notObject),
    set(['event', 'type'], fc.oneof(notString, fc.constantFrom('license', 'upgrade', ''))),
    set(['event', 'infra'], fc.oneof(notString, fc.constantFrom('nope-1', 'Prod-EU', ''))),
    set(['event', 'text'], fc.oneof(notString, fc.constantFrom('', ' ', '\u200B', 'x'.repeat(1001)))),
  ]).map((b) => JSON.stringify(b)),
  notJsonObject,
);

async function postHook(body: string) {
  const ts = Math.floor(app.clock.now().getTime() / 1000);
  const res = await fetch(hookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-portal-timestamp': String(ts),
      'x-portal-signature': signHook(HOOK_SECRET, ts, body),
    },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

describe('POST /hooks/events, signed, malformed', () => {
  it(`events: ${RUNS} bodies`, () => hammer('hooks', hookBodies, postHook), TIMEOUT);
});

// --- The invitation link --------------------------------------------------------------------------

/** Signed tokens whose subject is anything but Nestor's real invitation (which a POST would accept). */
const notNestor = nastyString.filter((x) => x.trim().toLowerCase() !== 'nestorw@example.com');
const subjects = fc.oneof(
  nastyString,
  notNestor.map((x) => `contoso 2026-11-26T10:00:00Z ${x}`),
  nastyString.map((x) => `contoso ${x} nestorw@example.com`),
  nastyString.map((x) => `${x} 2026-11-26T10:00:00Z nestorw@example.com`),
);
const tokens = fc.oneof(
  fc
    .record({
      subject: subjects,
      days: fc.integer({ min: -10, max: 10 }),
      purpose: fc.constantFrom('accept-invitation', 'download') as fc.Arbitrary<
        'accept-invitation' | 'download'
      >,
    })
    .map(({ subject, days, purpose }) =>
      LINKS.token(purpose, subject, new Date(app.clock.now().getTime() + days * 86_400_000)),
    ),
  nastyString,
);

async function openLink(token: string, method: 'GET' | 'POST') {
  const url = new URL(hookUrl);
  url.pathname = '/invitations/accept';
  // searchParams, not encodeURIComponent: a lone surrogate becomes U+FFFD instead of throwing in the test.
  if (method === 'GET') url.searchParams.set('token', token);
  const res =
    method === 'GET'
      ? await fetch(url)
      : await fetch(`${url.origin}${url.pathname}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token }).toString(),
        });
  await res.arrayBuffer();
  return res.status;
}

describe('GET and POST /invitations/accept, signed, malformed', () => {
  it(`links opened: ${RUNS} tokens`, () => hammer('accept-get', tokens, (t) => openLink(t, 'GET')), TIMEOUT);
  it(
    `links pressed: ${RUNS} tokens`,
    () => hammer('accept-post', tokens, (t) => openLink(t, 'POST')),
    TIMEOUT,
  );
});

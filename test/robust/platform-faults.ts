// Slack and Teams failing (500s, 429s, timeouts) while a command runs and while the outbox delivers: the truth is told, nothing happens twice.
import { expect } from 'vitest';
import { backoffMs, MAX_ATTEMPTS, runOnce } from '../../src/app/delivery.ts';
import { fileApp } from '../fakes/app.ts';
import { type Harness as Slack, type Fault as SlackFault, shown, startSlack } from '../slack/harness.ts';
import {
  cardOf,
  startTeams,
  type Harness as Teams,
  type Fault as TeamsFault,
  textOf,
} from '../teams/harness.ts';

type App = Awaited<ReturnType<typeof fileApp>>;
export type Scenario = {
  name: string;
  platform: 'slack' | 'teams';
  phase: 'command' | 'delivery';
  run(): Promise<void>;
};

const ALEX = 'alexw@example.com';
const CHANGE = 'slot register prod-eu perf';
const NOTICE = 'notify maintenance prod-eu "Saturday 02:00 UTC: database upgrade"';
/** Short deadlines and one retry, so a test of a timeout takes a second, not a minute. */
const FAST = { timeoutMs: 300, retries: 1 };

async function until(what: string, done: () => boolean, ms = 15_000) {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const registrations = async (app: App) =>
  (await app.data()).audit.filter((e) => e.action === 'slot.register' && e.target.includes('perf')).length;
const perfIsThere = async (app: App) =>
  (await app.data()).companies[0]?.subscriptions
    .flatMap((s) => s.infrastructures)
    .find((i) => i.id === 'prod-eu')
    ?.slots.some((x) => x.env === 'perf') ?? false;

/** Did the change happen exactly once (`true`) or not at all (`false`)? */
async function expectChange(app: App, made: boolean, where: string) {
  expect(await perfIsThere(app), where).toBe(made);
  expect(await registrations(app), where).toBe(made ? 1 : 0);
}

// --- Slack -----------------------------------------------------------------------------------------

async function withSlack(fn: (app: App, slack: Slack) => Promise<void>) {
  const app = await fileApp();
  const slack = await startSlack(app, { api: FAST });
  try {
    await fn(app, slack);
  } finally {
    await slack.close();
    await app.cleanup();
  }
}

/** A slash command that changes something, with `faults` in the way. */
const slackCommand = (
  name: string,
  faults: Record<string, SlackFault[]>,
  made: boolean,
  told: RegExp | null,
): Scenario => ({
  name,
  platform: 'slack',
  phase: 'command',
  run: () =>
    withSlack(async (app, slack) => {
      Object.assign(slack.faults, faults);
      const r = await slack.slash('UALEX', CHANGE);
      expect(r.status, name).toBe(200);
      if (told) {
        const [answer] = await slack.waitForSent(1);
        expect(shown(answer), name).toMatch(told);
      } else {
        // The answer could not be given: the failure is logged, not swallowed.
        await until('the failure to be logged', () => slack.logs.some((l) => l.event === 'slack-api-failed'));
      }
      await new Promise((r) => setTimeout(r, 50));
      await expectChange(app, made, name);
    }),
});

/** Megan's maintenance notice by DM, with `faults` on chat.postMessage; delivered once after `passes`. */
const slackDelivery = (
  name: string,
  faults: SlackFault[],
  check: (app: App, slack: Slack, deliver: () => Promise<void>) => Promise<void>,
): Scenario => ({
  name,
  platform: 'slack',
  phase: 'delivery',
  run: () =>
    withSlack(async (app, slack) => {
      const logs: string[] = [];
      expect((await app.say(ALEX, NOTICE)).ok).toBe(true);
      slack.faults['chat.postMessage'] = faults;
      const deliver = async () => {
        await runOnce({ store: app.store, clock: app.clock, ports: [slack.port], log: (e) => logs.push(e) });
      };
      await check(app, slack, deliver);
    }),
});

const noticeItem = async (app: App) => {
  const item = (await app.data()).outbox.find((x) => JSON.stringify(x.content).includes('database upgrade'));
  if (!item) throw new Error('no maintenance notice queued');
  return item;
};
const noticesSent = (slack: Slack) =>
  slack.sent.filter((s) => s.path === 'chat.postMessage' && shown(s).includes('database upgrade')).length;

// --- Teams -----------------------------------------------------------------------------------------

async function withTeams(timeoutMs: number, fn: (app: App, teams: Teams) => Promise<void>) {
  const app = await fileApp();
  const teams = await startTeams(app, { apiTimeoutMs: timeoutMs });
  try {
    await fn(app, teams);
  } finally {
    await teams.close();
    await app.cleanup();
  }
}

/** The connector retries 5xx and 429 itself (about a second, then two, then four): these runs wait for it. */
const PATIENT = 20_000;

const teamsCommand = (
  name: string,
  faults: Record<string, TeamsFault[]>,
  made: boolean,
  told: RegExp | null,
  timeoutMs = PATIENT,
): Scenario => ({
  name,
  platform: 'teams',
  phase: 'command',
  run: () =>
    withTeams(timeoutMs, async (app, teams) => {
      Object.assign(teams.faults, faults);
      const r = await teams.say('ALEX', CHANGE);
      expect(r.status, name).toBeLessThan(500);
      if (told) {
        const [answer] = await teams.waitForSent(1);
        expect(textOf(cardOf(answer)), name).toMatch(told);
      } else
        await until('the failure to be logged', () => teams.logs.some((l) => l.event === 'teams-api-failed'));
      await expectChange(app, made, name);
    }),
});

const teamsDelivery = (name: string, faults: TeamsFault[], timeoutMs: number, passes: number): Scenario => ({
  name,
  platform: 'teams',
  phase: 'delivery',
  run: () =>
    withTeams(timeoutMs, async (app, teams) => {
      // Megan writes to the bot once, so her personal chat is known.
      await teams.say('MEGAN', 'whoami');
      await teams.waitForSent(1);
      expect((await app.say(ALEX, NOTICE)).ok).toBe(true);
      teams.faults.send = faults;
      const deliver = () =>
        runOnce({ store: app.store, clock: app.clock, ports: [teams.adapter.port], log: () => {} });
      for (let i = 1; i < passes; i++) {
        await deliver();
        const item = await noticeItem(app);
        expect(item.status, `${name}: pass ${i}`).toBe('pending');
        expect(item.lastError, `${name}: pass ${i}`).toBeDefined();
        app.clock.advance(
          Math.max(backoffMs(item.attempts), Date.parse(item.nextAttemptAt) - app.clock.now().getTime()),
        );
      }
      // The connector has recovered by the last pass.
      teams.faults.send = [];
      await deliver();
      expect((await noticeItem(app)).status, name).toBe('delivered');
      const delivered = teams.sent.filter(
        (s) => s.method === 'POST' && JSON.stringify(s.body).includes('database upgrade'),
      );
      expect(delivered, name).toHaveLength(1);
    }),
});

// --- The scenarios -----------------------------------------------------------------------------------

const forever = Number.POSITIVE_INFINITY;
const CHECK_FAILED = /couldn't check who you are/;
const DONE = /Registered `?perf/;

export const SCENARIOS: readonly Scenario[] = [
  slackCommand(
    'Slack users.info 500 until it gives up: nothing changes, the person is told',
    { 'users.info': [{ status: 500, times: forever }] },
    false,
    CHECK_FAILED,
  ),
  slackCommand(
    'Slack users.info 500 once: retried, the change made once',
    { 'users.info': [{ status: 500, times: 1 }] },
    true,
    DONE,
  ),
  slackCommand(
    'Slack users.info 429 once (Retry-After 1): waited out, the change made once',
    { 'users.info': [{ status: 429, retryAfter: 1, times: 1 }] },
    true,
    DONE,
  ),
  slackCommand(
    'Slack users.info times out every time: nothing changes, the person is told',
    { 'users.info': [{ hangMs: 1000, times: forever }] },
    false,
    CHECK_FAILED,
  ),
  slackCommand(
    'Slack users.info times out once: retried, the change made once',
    { 'users.info': [{ hangMs: 1000, times: 1 }] },
    true,
    DONE,
  ),
  slackCommand(
    'Slack response_url 500: the change stands, once; the failure is logged',
    { response_url: [{ status: 500, times: forever }] },
    true,
    null,
  ),
  slackCommand(
    'Slack response_url times out: the change stands, once; the failure is logged',
    { response_url: [{ hangMs: 1000, times: forever }] },
    true,
    null,
  ),
  slackDelivery(
    'Slack chat.postMessage 500 (past its retry): the notice waits its backoff, then goes once',
    [{ status: 500, times: 2 }],
    async (app, slack, deliver) => {
      await deliver();
      const item = await noticeItem(app);
      expect(item).toMatchObject({ status: 'pending', attempts: 1 });
      expect(noticesSent(slack)).toBe(0);
      app.clock.advance(backoffMs(1) - 1);
      await deliver();
      expect((await noticeItem(app)).attempts).toBe(1);
      app.clock.advance(1);
      await deliver();
      expect(await noticeItem(app)).toMatchObject({ status: 'delivered', attempts: 2 });
      expect(noticesSent(slack)).toBe(1);
    },
  ),
  slackDelivery(
    'Slack chat.postMessage 429 (Retry-After 7): the outbox waits 7 s, not the pass; then once',
    [{ status: 429, retryAfter: 7, times: 1 }],
    async (app, slack, deliver) => {
      const t0 = Date.now();
      await deliver();
      expect(Date.now() - t0).toBeLessThan(5000);
      const item = await noticeItem(app);
      expect(item.status).toBe('pending');
      expect(Date.parse(item.nextAttemptAt) - app.clock.now().getTime()).toBe(7000);
      app.clock.advance(7000);
      await deliver();
      expect((await noticeItem(app)).status).toBe('delivered');
      expect(noticesSent(slack)).toBe(1);
    },
  ),
  slackDelivery(
    'Slack chat.postMessage times out: retried later, delivered once',
    [{ hangMs: 1000, times: 2 }],
    async (app, slack, deliver) => {
      await deliver();
      expect(await noticeItem(app)).toMatchObject({ status: 'pending', attempts: 1 });
      app.clock.advance(backoffMs(1));
      await deliver();
      expect((await noticeItem(app)).status).toBe('delivered');
      expect(noticesSent(slack)).toBe(1);
    },
  ),
  slackDelivery(
    `Slack chat.postMessage 500 for good: failed, visibly, after ${MAX_ATTEMPTS} attempts`,
    [{ status: 500, times: forever }],
    async (app, slack, deliver) => {
      for (let i = 1; i <= MAX_ATTEMPTS; i++) {
        await deliver();
        app.clock.advance(backoffMs(i));
      }
      const item = await noticeItem(app);
      expect(item).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
      expect(item.lastError).toContain('500');
      expect(noticesSent(slack)).toBe(0);
      expect((await app.say(ALEX, 'notifications failed')).text).toContain('statusCode = 500');
    },
  ),
  teamsCommand(
    'Teams getMember 500 until it gives up: nothing changes, the person is told',
    { getMember: [{ status: 500, times: forever }] },
    false,
    CHECK_FAILED,
  ),
  teamsCommand(
    'Teams getMember 500 once: the connector retries, the change made once',
    { getMember: [{ status: 500, times: 1 }] },
    true,
    DONE,
  ),
  teamsCommand(
    'Teams getMember 429 once (Retry-After 1): waited out, the change made once',
    { getMember: [{ status: 429, retryAfter: 1, times: 1 }] },
    true,
    DONE,
  ),
  teamsCommand(
    'Teams getMember times out: nothing changes, the person is told',
    { getMember: [{ hangMs: 2000, times: forever }] },
    false,
    CHECK_FAILED,
    500,
  ),
  teamsCommand(
    'Teams reply 500 for good: the change stands, once; the failure is logged',
    { send: [{ status: 500, times: forever }] },
    true,
    null,
  ),
  teamsCommand(
    'Teams reply times out: the change stands, once; the failure is logged',
    { send: [{ hangMs: 2000, times: forever }] },
    true,
    null,
    500,
  ),
  teamsDelivery(
    'Teams send 500 (past the connector’s retries): the notice waits, then goes once',
    [{ status: 500, times: forever }],
    PATIENT,
    2,
  ),
  teamsDelivery(
    'Teams send 429 once (Retry-After 1): waited out by the connector, delivered once',
    [{ status: 429, retryAfter: 1, times: 1 }],
    PATIENT,
    1,
  ),
  teamsDelivery(
    'Teams send times out: retried later, delivered once',
    [{ hangMs: 2000, times: forever }],
    500,
    2,
  ),
];

/** The cheap ones, for `npm test`: one failure and one recovery per platform and phase, no connector backoff. */
export const QUICK = new Set([
  'Slack users.info 500 once: retried, the change made once',
  'Slack users.info times out every time: nothing changes, the person is told',
  'Slack chat.postMessage 500 (past its retry): the notice waits its backoff, then goes once',
  'Teams getMember times out: nothing changes, the person is told',
  'Teams reply times out: the change stands, once; the failure is logged',
  'Teams send times out: retried later, delivered once',
]);

// Two real server processes on one PostgreSQL database, each taking signed Slack commands: conflicting
// commands sent to both at once have exactly one effect, and so do their schedulers and delivery workers.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompanySchema, type OutboxItem, type StoreData } from '../../src/domain/schemas.ts';
import { openPgStore } from '../../src/store/pg/pg-store.ts';
import { textBlock, view } from '../../src/views/view.ts';
import { emptyStoreDataOf } from '../store/fixtures.ts';
import { admin, createTestDatabase, type TestDatabase } from '../store/pg/database.ts';
import { until } from '../store/pg/waiting.ts';
import { type FakeSlack, signSlack, startFakeSlack } from './fake-slack-server.ts';

const SECRET = 'two-servers-signing-secret';
const TEAM = 'T1';
const USERS = ['ana', 'bo', 'cy', 'di', 'ed'].map((n) => ({
  id: `U${n.toUpperCase()}`,
  email: `${n}@example.com`,
  team: TEAM,
}));
const NOTICE = 'A notice both workers see at once';
/** Both delivery loops tick every 5 s: after this long from their start, each has run at least twice. */
const TWO_TICKS_MS = 12_000;
const NOW = new Date();
const iso = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();

function seed(): StoreData {
  const member = (n: string, extra: Record<string, unknown> = {}) => ({
    email: `${n}@example.com`,
    name: n.toUpperCase(),
    status: 'active',
    companyAdmin: false,
    roles: {},
    identities: [{ platform: 'slack', teamId: TEAM, userId: `U${n.toUpperCase()}` }],
    ...extra,
  });
  const request = (id: string, expiresAt: string) => ({
    id,
    requester: 'cy@example.com',
    kind: 'infra-admin',
    infra: 'prod-eu',
    reason: 'on call this week',
    was: 'Member of prod-eu',
    status: 'pending',
    createdAt: iso(-3_600_000),
    expiresAt,
    approvals: [],
    required: 1,
    messages: [],
    reminders: 0,
  });
  const company = CompanySchema.parse({
    id: 'acme',
    name: 'Acme',
    slackTeamIds: [TEAM],
    teamsTenantIds: [],
    subscriptions: [
      {
        id: 'main',
        edition: 'Enterprise',
        infrastructures: [
          {
            id: 'prod-eu',
            name: 'Prod EU',
            hosting: 'cloud',
            slotLimit: 3,
            slots: [],
            licenseExpiresOn: '2099-01-01',
          },
        ],
      },
    ],
    members: [
      member('ana', { companyAdmin: true }),
      member('bo', { companyAdmin: true }),
      member('cy', { roles: { 'prod-eu': 'member' } }),
      member('di', { roles: { 'prod-eu': 'admin' } }),
      member('ed', { roles: { 'prod-eu': 'admin' } }),
    ],
    contacts: [],
    cases: [],
    nextCaseNumber: 1001,
    requests: [request('AR-1001', iso(86_400_000)), request('AR-1002', iso(-60_000))],
    nextRequestNumber: 1003,
  });
  const notice: OutboxItem = {
    id: 'notice-both-workers',
    companyId: 'acme',
    key: 'test:notice-both-workers',
    to: { kind: 'member', email: 'cy@example.com' },
    op: 'send',
    content: { kind: 'view', view: view([textBlock(NOTICE)]) },
    reason: 'a test notice',
    status: 'pending',
    attempts: 0,
    nextAttemptAt: iso(-1_000),
    createdAt: iso(-1_000),
  };
  return { ...emptyStoreDataOf(company), outbox: [notice] };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

type Bot = { port: number; output(): string; stop(): Promise<void> };

async function startBot(env: Record<string, string>): Promise<Bot> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/main.ts'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b) => {
    out += String(b);
  });
  child.stderr.on('data', (b) => {
    out += String(b);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await until(async () => out.includes('listening') || child.exitCode !== null, 'the bot to listen', 60_000);
  if (!out.includes('listening')) throw new Error(`the bot did not start:\n${out}`);
  return {
    port,
    output: () => out,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

let db: TestDatabase;
let slack: FakeSlack;
let dir: string;
let bots: Bot[] = [];
let started = 0;
let counter = 0;

beforeAll(async () => {
  db = await createTestDatabase('servers');
  slack = await startFakeSlack(USERS);
  dir = await mkdtemp(join(tmpdir(), 'two-servers-'));
  await (await openPgStore({ url: db.url, seed })).close();
  const env = {
    DATABASE_URL: db.url,
    // Never created: the bots must use the database.
    DATA_FILE: join(dir, 'never.json'),
    PORTAL_DEMO: '0',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: 'xoxb-two-servers',
    SLACK_API_URL: slack.apiUrl,
  };
  bots = await Promise.all([startBot(env), startBot(env)]);
  started = Date.now();
}, 120_000);

afterAll(async () => {
  await Promise.all(bots.map((b) => b.stop()));
  await slack.close();
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

/** Sends `/portal text` as `user` to one bot, signed; resolves with the answer posted to response_url. */
async function slash(bot: Bot, user: string, text: string): Promise<string> {
  const id = `r${++counter}`;
  const raw = new URLSearchParams({
    token: 'x',
    team_id: TEAM,
    team_domain: 'acme',
    channel_id: 'C1',
    channel_name: 'general',
    user_id: `U${user.toUpperCase()}`,
    user_name: user,
    command: '/portal',
    text,
    api_app_id: 'A1',
    response_url: slack.responseUrl(id),
    trigger_id: `trigger.${id}`,
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`http://127.0.0.1:${bot.port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signSlack(SECRET, ts, raw),
    },
    body: raw,
  });
  expect(res.status).toBe(200);
  await until(async () => slack.answers(id).length > 0, `an answer to "${text}"`, 30_000);
  return slack.answers(id).join('\n');
}

const query = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  admin(async (c) => (await c.query<T>(sql, params)).rows, db.url);

describe('two server processes on one database', () => {
  it('both serve the company from the database, and neither created a JSON store', async () => {
    const [a, b] = bots as [Bot, Bot];
    expect(await slash(a, 'cy', 'whoami')).toContain('cy@example.com');
    expect(await slash(b, 'cy', 'whoami')).toContain('cy@example.com');
    expect(a.output()).toContain('store PostgreSQL');
  });

  it('cannot both demote one of the last two Company Admins', async () => {
    const [a, b] = bots as [Bot, Bot];
    const answers = await Promise.all([
      slash(a, 'ana', 'revoke company-admin bo@example.com --confirm'),
      slash(b, 'bo', 'revoke company-admin ana@example.com --confirm'),
    ]);
    const admins = await query<{ email: string }>(
      "SELECT key AS email FROM entities WHERE kind = 'members' AND (doc->>'companyAdmin')::boolean",
    );
    expect(admins).toHaveLength(1);
    const revoked = await query("SELECT seq FROM audit_events WHERE action = 'company-admin.revoke'");
    expect(revoked).toHaveLength(1);
    // One answer says it was done; the other was refused (by then its sender was no Company Admin, or the
    // other was the last one).
    expect(answers.filter((t) => /only Company Admins|last|at least one/i.test(t))).toHaveLength(1);
  });

  it('approves one request once when two approvers press at once on different servers', async () => {
    const [a, b] = bots as [Bot, Bot];
    await Promise.all([slash(a, 'di', 'approve AR-1001'), slash(b, 'ed', 'approve AR-1001')]);
    const [request] = await query<{ doc: { status: string; approvals: unknown[] } }>(
      "SELECT doc FROM entities WHERE kind = 'requests' AND key = 'AR-1001'",
    );
    expect(request?.doc.status).toBe('approved');
    expect(request?.doc.approvals).toHaveLength(1);
    const effects = await query(
      "SELECT seq FROM audit_events WHERE target = 'cy@example.com' AND action = 'role.change' AND infra = 'prod-eu'",
    );
    expect(effects).toHaveLength(1);
  });

  it('expires a request once and delivers a notice once, though both schedulers and workers run', {
    timeout: 90_000,
  }, async () => {
    // Both loops have ticked at least twice by then: each had its chance at the expiry and the notice.
    await until(async () => Date.now() - started > TWO_TICKS_MS, 'both delivery loops to tick twice', 60_000);
    await until(
      async () =>
        (await query("SELECT 1 FROM outbox WHERE id = 'notice-both-workers' AND status = 'delivered'"))
          .length === 1,
      'the notice to be delivered',
    ).catch((e: unknown) => {
      throw new Error(
        `${String(e)}\n${bots.map((b) => b.output()).join('\n---\n')}\n${JSON.stringify(slack.calls.slice(-10))}`,
      );
    });
    const expired = await query(
      "SELECT seq FROM audit_events WHERE action = 'request.expire' AND target = 'AR-1002'",
    );
    expect(expired).toHaveLength(1);
    const sent = slack.calls.filter(
      (c) => c.path === '/api/chat.postMessage' && JSON.stringify(c.body).includes(NOTICE),
    );
    expect(sent).toHaveLength(1);
    const [item] = await query<{ doc: OutboxItem }>(
      "SELECT doc FROM outbox WHERE id = 'notice-both-workers'",
    );
    expect(item?.doc.attempts).toBe(1);
    // Neither bot touched a JSON store.
    for (const bot of bots) expect(bot.output()).not.toContain('never.json');
  });
});

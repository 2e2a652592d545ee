// Teams requests: real Bot Framework token validation (keys served by nock), nothing unauthenticated, malformed or replayed gets in.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileApp } from '../fakes/app.ts';
import {
  cardOf,
  type Harness,
  LOCAL_SERVICE,
  messageActivity,
  SERVICE,
  startTeams,
  TENANT,
  type TeamsUser,
  textOf,
} from './harness.ts';
import {
  AUTHENTICATED,
  OUTBOUND_TOKEN,
  otherKey,
  PASSWORD,
  token as signed,
  WEBCHAT_KID,
  webchatKey,
} from './tokens.ts';

const token = (claims: Record<string, unknown> = {}, opts: Parameters<typeof signed>[2] = {}) =>
  signed(SERVICE, claims, opts);

let app: Awaited<ReturnType<typeof fileApp>>;
let teams: Harness;
const printed: string[] = [];
beforeAll(() => {
  // botbuilder writes refusals to the console itself; they are kept to check no secret is among them.
  for (const m of ['error', 'warn', 'log'] as const)
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      printed.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' '));
    });
});
afterAll(() => {
  vi.restoreAllMocks();
});
beforeEach(async () => {
  app = await fileApp();
  teams = await startTeams(app, { config: AUTHENTICATED });
});
afterEach(async () => {
  await teams.close();
  await app.cleanup();
});

const alex = () => teams.users.ALEX as TeamsUser;
const removeAdele = () => messageActivity(alex(), 'remove adelev@example.com --confirm');

/** Refused: 401, no call to Teams, and the store file byte for byte as it was. */
async function expectRefused(
  headers: Record<string, string>,
  activity: unknown = removeAdele(),
  status = 401,
) {
  const before = await app.bytes();
  expect((await teams.post(activity, headers)).status).toBe(status);
  await new Promise((r) => setTimeout(r, 50));
  expect(teams.sent).toEqual([]);
  expect(teams.lookups).toEqual({});
  expect((await app.bytes()).equals(before)).toBe(true);
}

describe('Bot Framework tokens', () => {
  it('a token signed for this bot is accepted, and answers go out with the bot’s own token', async () => {
    const r = await teams.post(messageActivity(alex(), 'whoami'), { authorization: `Bearer ${token()}` });
    expect(r.status).toBe(200);
    const [reply] = await teams.waitForSent(1);
    expect(textOf(cardOf(reply))).toContain('Alex Wilber');
    expect(reply?.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
    expect(teams.lookups['29:alex']).toBe(1);
  });

  it('the change it asks for is made', async () => {
    expect((await teams.post(removeAdele(), { authorization: `Bearer ${token()}` })).status).toBe(200);
    expect(textOf(cardOf((await teams.waitForSent(1))[0]))).toMatch(/Removed/i);
  });

  it('no Authorization header', () => expectRefused({ authorization: '' }));
  it('a garbage token', () => expectRefused({ authorization: 'Bearer not.a.token' }));
  it('a token of another scheme', () => expectRefused({ authorization: `Basic ${token()}` }));
  it('a token for another bot (wrong audience)', () =>
    expectRefused({ authorization: `Bearer ${token({ aud: '11111111-2222-3333-4444-555555555555' })}` }));
  it('an expired token (past the five-minute clock allowance)', () => {
    const now = Math.floor(Date.now() / 1000);
    return expectRefused({
      authorization: `Bearer ${token({ exp: now - 600, nbf: now - 4000, iat: now - 4000 })}`,
    });
  });
  it('an unsigned token (alg none)', () =>
    expectRefused({ authorization: `Bearer ${token({}, { alg: 'none' })}` }));
  it('a token signed with another key under the right key id', () =>
    expectRefused({ authorization: `Bearer ${token({}, { key: otherKey.privateKey })}` }));
  it('a token from another issuer', () =>
    expectRefused({ authorization: `Bearer ${token({ iss: 'https://evil.example' })}` }));
  it('a token for another service URL than the activity names', () =>
    expectRefused({ authorization: `Bearer ${token({ serviceurl: 'https://evil.example/' })}` }));
  it('a key endorsed for another channel than msteams', () =>
    expectRefused({
      authorization: `Bearer ${token({}, { kid: WEBCHAT_KID, key: webchatKey.privateKey })}`,
    }));

  it('never prints the app password or a token', async () => {
    await teams.post(removeAdele(), { authorization: 'Bearer not.a.token' });
    await teams.post(removeAdele(), { authorization: `Bearer ${token({ aud: 'x' })}` });
    await teams.post(messageActivity(alex(), 'whoami'), { authorization: `Bearer ${token()}` });
    await teams.waitForSent(1);
    const all = [...printed, ...teams.logs.map((l) => JSON.stringify(l))].join('\n');
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(OUTBOUND_TOKEN);
    expect(teams.logs.some((l) => l.event === 'teams-request-refused')).toBe(true);
  });
});

describe('what is not an activity', () => {
  const local = async () => {
    await teams.close();
    teams = await startTeams(app, { config: { local: true } });
  };
  it.each([
    ['not JSON', '{"type": "message",', 400],
    ['a JSON array', '[]', 400],
    ['no type', JSON.stringify({ id: '1', text: 'remove adelev@example.com --confirm' }), 400],
  ])('%s is refused with %s', async (_, raw, status) => {
    await local();
    const before = await app.bytes();
    expect((await teams.post(raw)).status).toBe(status);
    expect(teams.sent).toEqual([]);
    expect((await app.bytes()).equals(before)).toBe(true);
  });

  it.each([
    ['a message with no sender', { ...removeAdeleLocal(), from: undefined }],
    [
      'a message with no tenant',
      { ...removeAdeleLocal(), conversation: { id: 'a:1', conversationType: 'personal' }, channelData: {} },
    ],
    ['a message from another channel', { ...removeAdeleLocal(), channelId: 'webchat' }],
    ['a message from a bot', { ...removeAdeleLocal(), from: { id: '28:other-bot', aadObjectId: 'x' } }],
  ])('%s is answered 200 and ignored', async (_, activity) => {
    await local();
    const before = await app.bytes();
    expect((await teams.post(activity)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(teams.sent).toEqual([]);
    expect((await app.bytes()).equals(before)).toBe(true);
  });

  it('a body over a megabyte is refused', async () => {
    await local();
    expect((await teams.post({ ...removeAdeleLocal(), text: 'x'.repeat(1_100_000) })).status).toBe(413);
  });

  it('only POST', async () => {
    await local();
    expect((await fetch(teams.url)).status).toBe(405);
  });

  it('a re-sent activity (same id) has one effect', async () => {
    await local();
    const activity = messageActivity(
      alex(),
      'slot register prod-eu perf',
      { id: '1700000000042' },
      LOCAL_SERVICE,
    );
    await teams.post(activity);
    const after = await app.bytes();
    await teams.post(activity);
    const sent = await teams.waitForSent(2);
    expect(textOf(cardOf(sent[1]))).toContain('already done');
    expect((await app.bytes()).equals(after)).toBe(true);
  });
});

function removeAdeleLocal() {
  return messageActivity(
    { id: '29:alex', objectId: 'a1000000-0000-0000-0000-000000000001' },
    'remove adelev@example.com --confirm',
    {},
    LOCAL_SERVICE,
  );
}

describe('the tenant in a message', () => {
  it('is read from channelData when the conversation does not carry it', async () => {
    await teams.close();
    teams = await startTeams(app);
    const m = messageActivity(alex(), 'whoami');
    await teams.post({
      ...m,
      conversation: { conversationType: 'personal', id: 'a:1personal' },
      channelData: { tenant: { id: TENANT } },
    });
    expect(textOf(cardOf((await teams.waitForSent(1))[0]))).toContain('Alex Wilber');
  });
});

// Teams local mode (TEAMS_LOCAL=1): loopback service URLs only, nothing bound; with credentials, only vouched service URLs are called.
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationRef } from '../../src/app/chat-port.ts';
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
import { AUTHENTICATED, token } from './tokens.ts';

let app: Awaited<ReturnType<typeof fileApp>>;
let teams: Harness;
beforeEach(async () => {
  app = await fileApp();
});
afterEach(async () => {
  await teams.close();
  await app.cleanup();
});

const alex = () => teams.users.ALEX as TeamsUser;
const member = async (email: string) =>
  (await app.data()).companies[0]?.members.find((m) => m.email === email);
const view = {
  blocks: [{ kind: 'text' as const, text: [{ kind: 'plain' as const, text: 'hi' }] }],
  audience: 'caller' as const,
};
const ref = (serviceUrl: string): ConversationRef => ({
  platform: 'teams',
  serviceUrl,
  tenantId: TENANT,
  conversationId: 'a:1personal',
  botId: '28:bot',
  scope: 'personal',
});

describe('local mode', () => {
  beforeEach(async () => {
    teams = await startTeams(app, { config: { local: true } });
  });

  it('an activity naming a service URL on this machine is answered, through that URL, without a token', async () => {
    expect((await teams.say('ALEX', 'whoami')).status).toBe(200);
    const [reply] = await teams.waitForSent(1);
    expect(textOf(cardOf(reply))).toContain('Alex Wilber');
    expect(reply?.authorization).toBeUndefined();
  });

  it.each([
    ['a service URL elsewhere', 'https://attacker.example/'],
    ['the real connector', SERVICE],
    ['a host that only starts like a loopback one', 'http://127.0.0.1.attacker.example/'],
    ['no URL at all', 'not a url'],
  ])('%s is refused (403): nobody is asked who the sender is, nothing is stored', async (_, serviceUrl) => {
    const asked = nock(new URL(serviceUrl.startsWith('http') ? serviceUrl : 'http://x.invalid').origin)
      .get(/.*/)
      .reply(200, { objectId: 'x', email: 'alexw@example.com' });
    const before = await app.bytes();
    const r = await teams.post(
      messageActivity(alex(), 'remove adelev@example.com --confirm', {}, serviceUrl),
    );
    expect(r.status).toBe(403);
    expect(asked.isDone()).toBe(false);
    expect(teams.lookups).toEqual({});
    expect(teams.sent).toEqual([]);
    expect((await app.bytes()).equals(before)).toBe(true);
    expect(teams.logs.some((l) => l.event === 'teams-request-refused')).toBe(true);
  });

  it('an identity nobody vouched for acts on this machine but is never bound to the member', async () => {
    // Whoever reaches a local bot can make its "connector" vouch for any email, Alex's included.
    expect((await teams.say('ALEX', 'slot register prod-eu perf')).status).toBe(200);
    expect(textOf(cardOf((await teams.waitForSent(1))[0]))).toMatch(/Registered/i);
    expect((await member('alexw@example.com'))?.identities).toEqual([]);
    expect((await app.data()).audit.some((e) => e.action === 'identity.link')).toBe(false);
  });

  it('the chat port calls loopback service URLs only', async () => {
    expect(
      await teams.adapter.port.sendChannel({ platform: 'teams', conversation: ref(SERVICE) }, view),
    ).toMatchObject({
      ok: false,
      retryable: false,
      error: expect.stringContaining('loopback'),
    });
    expect(teams.sent).toEqual([]);
    expect(
      await teams.adapter.port.sendChannel({ platform: 'teams', conversation: ref(LOCAL_SERVICE) }, view),
    ).toMatchObject({ ok: true });
  });
});

describe('with credentials', () => {
  beforeEach(async () => {
    teams = await startTeams(app, { config: AUTHENTICATED });
  });

  it('the real account binds and acts after a forged local session, which left nothing behind', async () => {
    await teams.close();
    teams = await startTeams(app, { config: { local: true } });
    // A forged session: another object id, vouched for by a local "connector".
    teams.users.ALEX = { ...alex(), objectId: 'f0f0f0f0-0000-0000-0000-00000000dead' };
    await teams.say('ALEX', 'whoami');
    await teams.waitForSent(1);
    await teams.close();
    teams = await startTeams(app, { config: AUTHENTICATED });
    await teams.say('ALEX', 'whoami');
    expect(textOf(cardOf((await teams.waitForSent(1))[0]))).toContain('Alex Wilber');
    expect((await member('alexw@example.com'))?.identities).toEqual([
      { platform: 'teams', tenantId: TENANT, aadObjectId: alex().objectId },
    ]);
  });

  it('an activity whose token vouches for no service URL is refused, and nothing is called', async () => {
    const before = await app.bytes();
    const activity = { ...messageActivity(alex(), 'remove adelev@example.com --confirm'), serviceUrl: '' };
    const r = await teams.post(activity, { authorization: `Bearer ${token('', { serviceurl: undefined })}` });
    expect(r.status).toBe(401);
    expect(teams.lookups).toEqual({});
    expect(teams.sent).toEqual([]);
    expect((await app.bytes()).equals(before)).toBe(true);
  });

  it('a token for one service URL does not carry an activity naming another', async () => {
    const activity = messageActivity(alex(), 'whoami', {}, 'https://attacker.example/');
    const r = await teams.post(activity, { authorization: `Bearer ${token(SERVICE)}` });
    expect(r.status).toBe(401);
    expect(teams.lookups).toEqual({});
  });

  it('the chat port never calls a conversation recorded in local mode, nor one over plain http', async () => {
    for (const url of [LOCAL_SERVICE, 'http://smba.test/amer/'])
      expect(
        await teams.adapter.port.sendChannel({ platform: 'teams', conversation: ref(url) }, view),
      ).toMatchObject({ ok: false, retryable: false });
    expect(teams.sent).toEqual([]);
    expect(
      await teams.adapter.port.sendChannel({ platform: 'teams', conversation: ref(SERVICE) }, view),
    ).toMatchObject({
      ok: true,
    });
  });
});

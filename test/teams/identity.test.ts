// Teams identity: the member's email or UPN binds once to tenant + Entra object id; names never; guests and strangers get nothing.
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import {
  cardOf,
  FOREIGN_TENANT,
  type Harness,
  invokeActivity,
  messageActivity,
  SERVICE,
  startTeams,
  TENANT,
  type TeamsUser,
  textOf,
} from './harness.ts';
import { nockMicrosoft } from './tokens.ts';

let app: TestApp;
let teams: Harness;
beforeEach(async () => {
  app = memoryApp();
  teams = await startTeams(app);
});
afterEach(async () => {
  await teams.close();
});

const ask = async (user: string, text: string, opts: Parameters<Harness['say']>[2] = {}) => {
  const n = teams.sent.length + 1;
  expect((await teams.say(user, text, opts)).status).toBe(200);
  return textOf(cardOf((await teams.waitForSent(n))[n - 1]));
};
const memberOf = async (email: string) =>
  (await app.data()).companies[0]?.members.find((m) => m.email === email);

describe('who a Teams user is', () => {
  it('the first match binds the member to the tenant and Entra object id, audited', async () => {
    expect(await ask('MEGAN', 'whoami')).toContain('Megan Bowen');
    expect((await memberOf('meganb@example.com'))?.identities).toEqual([
      { platform: 'teams', tenantId: TENANT, aadObjectId: teams.users.MEGAN?.objectId },
    ]);
    expect((await app.data()).audit.at(-1)).toMatchObject({ action: 'identity.link', chat: 'teams' });
  });

  it('reads the object id as `aadObjectId` too, when the connector says it that way', async () => {
    nock.cleanAll();
    nockMicrosoft();
    nock(SERVICE.replace(/\/amer\/$/, ''))
      .get(/\/members\//)
      .reply(200, {
        id: '29:adele',
        aadObjectId: 'b0000000-0000-0000-0000-00000000000a',
        email: 'adelev@example.com',
        userRole: 'user',
      })
      .post(/\/activities/)
      .reply(201, (_u, body) => {
        teams.sent.push({ method: 'POST', conversation: '', body: body as never });
        return { id: 'x' };
      });
    await teams.post(messageClaiming('ADELE', 'whoami', 'b0000000-0000-0000-0000-00000000000a'));
    await teams.waitForSent(1);
    expect((await memberOf('adelev@example.com'))?.identities).toEqual([
      { platform: 'teams', tenantId: TENANT, aadObjectId: 'b0000000-0000-0000-0000-00000000000a' },
    ]);
  });

  it('the UPN stands in when the member record has no email', async () => {
    teams.users.ADELE = { ...(teams.users.ADELE as TeamsUser), email: '', upn: 'AdeleV@example.com' };
    expect(await ask('ADELE', 'whoami')).toContain('Adele Vance');
  });

  it('a display name is never identity: taking “Alex Wilber” as a name gets nothing', async () => {
    teams.users.IMPOSTOR = {
      id: '29:impostor',
      objectId: 'a1000000-0000-0000-0000-0000000000ff',
      email: 'impostor@else.example',
      name: 'Alex Wilber',
    };
    const answer = await ask('IMPOSTOR', 'team');
    expect(answer).toContain("don't know you");
    expect(answer).not.toContain('Adele Vance');
  });

  it('a renamed user keeps their rights', async () => {
    await ask('MEGAN', 'whoami');
    teams.users.MEGAN = { ...(teams.users.MEGAN as TeamsUser), name: 'Megan B. (renamed)' };
    expect(await ask('MEGAN', 'slots prod-eu')).toContain('environment slots used');
  });

  it('once bound, a later email change in Teams does not re-point the account', async () => {
    await ask('ADELE', 'whoami');
    await teams.close();
    teams = await startTeams(app); // a new adapter: no cached lookups
    teams.users.ADELE = { ...(teams.users.ADELE as TeamsUser), email: 'alexw@example.com' };
    const answer = await ask('ADELE', 'whoami');
    expect(answer).toContain('Adele Vance');
    expect(answer).not.toContain('Company Admin');
  });

  it('a second Teams account claiming an already linked member is refused', async () => {
    await ask('ALEX', 'whoami');
    teams.users.ALEX2 = {
      id: '29:alex2',
      objectId: 'a1000000-0000-0000-0000-0000000000a2',
      email: 'alexw@example.com',
    };
    expect(await ask('ALEX2', 'team')).toContain('already linked to another account');
  });

  it.each([
    ['a guest', { userRole: 'guest' }, 'guest accounts'],
    ['an anonymous user', { userRole: 'anonymous' }, 'anonymous users'],
    ['a member of another tenant', { tenantId: FOREIGN_TENANT }, 'another Microsoft Teams organisation'],
    [
      'an account whose object id differs from the activity’s',
      { objectId: 'a1000000-0000-0000-0000-0000000000ee' },
      'two different accounts',
    ],
  ])('%s gets the unknown-user answer and nothing, even with a member’s email', async (_, change, reason) => {
    const before = JSON.stringify((await app.data()).companies);
    teams.users.X = {
      id: '29:x',
      objectId: 'a1000000-0000-0000-0000-0000000000dd',
      email: 'alexw@example.com',
      ...change,
    };
    // The activity carries the object id Teams had for the sender; the connector's record is checked against it.
    await teams.post(
      messageActivity(
        { ...(teams.users.X as TeamsUser), objectId: 'a1000000-0000-0000-0000-0000000000dd' },
        'team',
      ),
    );
    const answer = textOf(cardOf((await teams.waitForSent(1))[0]));
    expect(answer).toContain("don't know you");
    expect(answer).toContain(reason);
    expect(answer).not.toContain('Adele Vance');
    expect(JSON.stringify((await app.data()).companies)).toBe(before);
  });

  it('a guest bound before becoming a guest acts for nobody', async () => {
    await ask('MEGAN', 'whoami');
    await teams.close();
    teams = await startTeams(app);
    teams.users.MEGAN = { ...(teams.users.MEGAN as TeamsUser), userRole: 'guest' };
    const answer = await ask('MEGAN', 'slots prod-eu');
    expect(answer).toContain('guest accounts');
    expect(answer).not.toContain('environment slots used');
  });

  it('a user on the tenant but not on the Portal team is told to ask a Company Admin', async () => {
    const answer = await ask('STRANGER', 'team');
    expect(answer).toContain("don't know you");
    expect(answer).toContain('Alex Wilber');
  });

  it('asks Teams once a minute per user, not once a message', async () => {
    await ask('ALEX', 'whoami');
    await ask('ALEX', 'team');
    await ask('ALEX', 'slots prod-eu');
    expect(teams.lookups['29:alex']).toBe(1);
  });

  it('an approve or deny asks Teams again, whatever the cache holds', async () => {
    await ask('ALEX', 'whoami');
    await ask('ALEX', 'deny AR-9999');
    expect(teams.lookups['29:alex']).toBe(2);
  });

  it('when Teams cannot say who the user is, the answer says so and nothing runs', async () => {
    nock.cleanAll();
    nockMicrosoft();
    nock('https://smba.test')
      .get(/\/members\//)
      .reply(404, { error: { code: 'MemberNotFoundInConversation' } });
    nock('https://smba.test')
      .post(/\/activities/)
      .times(2)
      .reply(201, (_u, body) => {
        // The typing indicator goes first; the answer is the card after it.
        if ((body as { type?: unknown }).type !== 'typing')
          teams.sent.push({ method: 'POST', conversation: '', body: body as never });
        return { id: 'x' };
      });
    await teams.say('ALEX', 'remove adelev@example.com --confirm');
    expect(textOf(cardOf((await teams.waitForSent(1))[0]))).toContain("couldn't check who you are");
    expect(await memberOf('adelev@example.com')).toBeDefined();
  });
});

describe('a tenant no company is mapped to', () => {
  it('is ignored: no lookup, no answer, nothing stored', async () => {
    const before = JSON.stringify(await app.data());
    expect((await teams.say('ALEX', 'team', { tenant: FOREIGN_TENANT })).status).toBe(200);
    expect((await teams.say('ALEX', 'team', { tenant: FOREIGN_TENANT, scope: 'channel' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(teams.sent).toEqual([]);
    expect(teams.lookups).toEqual({});
    expect(JSON.stringify(await app.data())).toBe(before);
    expect(teams.logs.some((l) => l.event === 'teams-foreign-tenant')).toBe(true);
  });

  it('a press from it gets no card and changes nothing', async () => {
    const before = JSON.stringify(await app.data());
    const r = await teams.post(
      invokeActivity(
        teams.users.ALEX as TeamsUser,
        {
          type: 'Action.Execute',
          verb: 'portal:remove:1',
          data: { portal: JSON.stringify({ c: 'remove', a: { email: 'adelev@example.com' } }) },
        },
        { tenant: FOREIGN_TENANT },
      ),
    );
    expect((r.body as { value?: unknown } | undefined)?.value).toBeUndefined();
    expect(teams.sent).toEqual([]);
    expect(JSON.stringify(await app.data())).toBe(before);
  });
});

/** A personal message whose activity says `aad` is the sender's object id. */
function messageClaiming(key: string, text: string, aad: string) {
  const u = teams.users[key] as TeamsUser;
  return {
    type: 'message',
    id: `m-${Date.now()}`,
    channelId: 'msteams',
    serviceUrl: SERVICE,
    from: { id: u.id, name: 'Whoever', aadObjectId: aad },
    recipient: { id: '28:bot', name: 'Portal' },
    conversation: { conversationType: 'personal', tenantId: TENANT, id: 'a:1personal' },
    channelData: { tenant: { id: TENANT } },
    text,
  };
}

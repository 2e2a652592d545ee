// Slack identity: the verified email binds once to team + user id; names are never identity; guests are strangers.
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import { API, type Harness, type SlackUser, shown, startSlack } from './harness.ts';

let app: TestApp;
let slack: Harness;
beforeEach(async () => {
  app = memoryApp();
  slack = await startSlack(app);
});
afterEach(async () => {
  await slack.close();
});

const ask = async (user: string, text: string, n: number, team?: string) => {
  await slack.slash(user, text, team ? { team } : {});
  return shown((await slack.waitForSent(n))[n - 1]);
};

describe('who a Slack user is', () => {
  it('the first match binds the member to the Slack team and user id', async () => {
    await ask('UMEGAN', 'whoami', 1);
    const megan = (await app.data()).companies[0]?.members.find((m) => m.email === 'meganb@example.com');
    expect(megan?.identities).toEqual([{ platform: 'slack', teamId: 'T0000DEMO', userId: 'UMEGAN' }]);
    expect((await app.data()).audit.at(-1)?.action).toBe('identity.link');
  });

  it('a renamed user keeps their rights; another user taking the old display name gets none', async () => {
    await ask('UMEGAN', 'whoami', 1);
    slack.users.UMEGAN = { ...(slack.users.UMEGAN as SlackUser), real_name: 'Megan B. (renamed)' };
    expect(await ask('UMEGAN', 'slots prod-eu', 2)).toContain('environment slots used');
    slack.users.UIMPOSTOR = { id: 'UIMPOSTOR', email: 'impostor@example.com', real_name: 'Megan Bowen' };
    const answer = await ask('UIMPOSTOR', 'slots prod-eu', 3);
    expect(answer).toContain("don't know you");
    expect(answer).not.toContain('environment slots used');
  });

  it('once bound, a later email change on Slack does not re-point the account', async () => {
    await ask('UADELE', 'whoami', 1);
    slack.users.UADELE = { ...(slack.users.UADELE as SlackUser), email: 'alexw@example.com' };
    await new Promise((r) => setTimeout(r, 0));
    // The identity cache lasts a minute; a fresh adapter asks Slack again.
    await slack.close();
    slack = await startSlack(app);
    slack.users.UADELE = { ...(slack.users.UADELE as SlackUser), email: 'alexw@example.com' };
    const answer = await ask('UADELE', 'whoami', 1);
    expect(answer).toContain('Adele Vance');
    expect(answer).not.toContain('Company Admin');
  });

  it('a second Slack account claiming an already linked member is refused', async () => {
    await ask('UALEX', 'whoami', 1);
    slack.users.UALEX2 = { id: 'UALEX2', email: 'alexw@example.com' };
    expect(await ask('UALEX2', 'team', 2)).toContain('already linked to another account');
  });

  it.each([
    ['an unconfirmed email', { is_email_confirmed: false }, 'no verified email'],
    ['a guest (restricted)', { is_restricted: true }, 'guest accounts'],
    ['a single-channel guest (ultra restricted)', { is_ultra_restricted: true }, 'guest accounts'],
    ['a deactivated account', { deleted: true }, 'deactivated'],
    ['a Slack Connect stranger', { is_stranger: true }, 'another Slack workspace'],
    ['a user of another team', { team_id: 'T0FOREIGN' }, 'another Slack workspace'],
  ])('%s gets the unknown-user answer, even with a member’s email', async (_, flags, reason) => {
    slack.users.UX = { id: 'UX', email: 'alexw@example.com', ...flags };
    const answer = await ask('UX', 'team', 1);
    expect(answer).toContain("don't know you");
    expect(answer).toContain(reason);
    expect(answer).not.toContain('Adele Vance');
  });

  it('an account deactivated after binding loses its rights at once (a new lookup, no stale cache)', async () => {
    await ask('UMEGAN', 'whoami', 1);
    await slack.close();
    slack = await startSlack(app);
    slack.users.UMEGAN = { ...(slack.users.UMEGAN as SlackUser), deleted: true };
    const answer = await ask('UMEGAN', 'slots prod-eu', 1);
    expect(answer).toContain('deactivated');
    expect(answer).not.toContain('environment slots used');
  });

  it('a guest acts only after a Company Admin links the account, and then as that member', async () => {
    slack.users.UGUEST = { id: 'UGUEST', email: 'kim@partner.example', is_restricted: true };
    expect(await ask('UGUEST', 'whoami', 1)).toContain('link-guest');
    await app.say('alexw@example.com', 'invite kim@partner.example --member dev-eu');
    await app.say('alexw@example.com', 'link-guest kim@partner.example slack UGUEST');
    await slack.close();
    slack = await startSlack(app);
    slack.users.UGUEST = { id: 'UGUEST', email: 'kim@partner.example', is_restricted: true };
    const answer = await ask('UGUEST', 'whoami', 1);
    expect(answer).toContain('kim@partner.example');
    expect(answer).not.toContain("don't know you");
    // Another guest with the same email is still a stranger: the link is to one account.
    slack.users.UGUEST2 = { id: 'UGUEST2', email: 'kim@partner.example', is_restricted: true };
    expect(await ask('UGUEST2', 'whoami', 2)).toContain("don't know you");
  });

  it('a workspace no company is mapped to gets the unknown-user answer, without a users.info call', async () => {
    expect(await ask('UALEX', 'team', 1, 'T0NOBODY')).toContain('not connected to a company');
    expect(slack.lookups.UALEX).toBeUndefined();
  });

  it('a user on the team by email only, not on the Portal team, is told to ask a Company Admin', async () => {
    const answer = await ask('USTRANGER', 'team', 1);
    expect(answer).toContain("don't know you");
    expect(answer).toContain('Alex Wilber');
  });

  it('when Slack cannot say who the user is, the answer says so and nothing runs', async () => {
    nock.cleanAll();
    nock(API).post('/api/users.info').times(5).reply(500, 'oops');
    nock('https://hooks.slack.com')
      .post(/.*/)
      .reply(200, (_u, b) => {
        slack.sent.push({ path: 'hook', body: b as Record<string, unknown> });
        return 'ok';
      });
    await slack.slash('UALEX', 'remove adelev@example.com --confirm');
    const [answer] = await slack.waitForSent(1);
    expect(shown(answer)).toContain("couldn't check who you are");
    expect((await app.data()).companies[0]?.members.some((m) => m.email === 'adelev@example.com')).toBe(true);
  });
});

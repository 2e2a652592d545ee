// Teams: every change asks getMember again; reads may use the one-minute cache, which expires by the (injected) clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import { type Action, actionOf, cardOf, type Harness, startTeams, textOf } from './harness.ts';

let app: TestApp;
let teams: Harness;
let clock = Date.parse('2026-11-28T12:00:00Z');
beforeEach(async () => {
  app = memoryApp();
  clock = Date.parse('2026-11-28T12:00:00Z');
  teams = await startTeams(app, { now: () => clock });
});
afterEach(async () => {
  await teams.close();
});

/** Says `text` as `user` in a personal chat; the card answered. */
async function say(user: string, text: string) {
  const n = teams.sent.length + 1;
  expect((await teams.say(user, text)).status).toBe(200);
  return cardOf((await teams.waitForSent(n))[n - 1]);
}
const ask = async (user: string, text: string) => textOf(await say(user, text));
async function press(user: string, action: Action) {
  const r = await teams.press(user, action);
  return textOf(cardOf(r));
}
const request = async () => (await app.data()).companies[0]?.requests[0];
const lookups = (id: string) => teams.lookups[id] ?? 0;

async function adeleAsks() {
  await ask('ADELE', 'request infra-admin prod-eu --reason "hotfix"');
  expect((await request())?.status).toBe('pending');
}
/** Megan reads the requests (a read: her identity is now cached); the Approve button of a request card. */
const megansCard = async () => {
  await say('MEGAN', 'requests');
  return approveButton;
};
const approveButton: Action = {
  type: 'Action.Execute',
  title: 'Approve',
  verb: 'portal:approve:1',
  data: { portal: JSON.stringify({ c: 'approve', a: { id: 'AR-1001' } }) },
};

describe('reads use the cache', () => {
  it('two reads within a minute ask Teams once', async () => {
    await ask('ALEX', 'whoami');
    await ask('ALEX', 'team');
    expect(lookups('29:alex')).toBe(1);
  });

  it('the cache expires by the clock: 59 s later still cached, 61 s later asked again', async () => {
    await ask('ALEX', 'whoami');
    clock += 59_000;
    await ask('ALEX', 'team');
    expect(lookups('29:alex')).toBe(1);
    clock += 2_000;
    await ask('ALEX', 'team');
    expect(lookups('29:alex')).toBe(2);
  });
});

describe('every change asks Teams again, typed or pressed', () => {
  it('a typed change and a pressed one each look the account up', async () => {
    await ask('ALEX', 'whoami');
    await ask('ALEX', 'slot register prod-eu perf');
    expect(lookups('29:alex')).toBe(2);
    const card = await say('ALEX', 'slots prod-eu');
    expect(lookups('29:alex')).toBe(2);
    expect(await press('ALEX', actionOf(card, 'Yes, Release perf'))).toMatch(/Released perf/);
    expect(lookups('29:alex')).toBe(3);
  });
});

describe('an approver deactivated or demoted within the cache window', () => {
  it('removed from the tenant (getMember fails): a pressed Approve changes nothing, and says why', async () => {
    await adeleAsks();
    const card = await megansCard();
    (teams.users.MEGAN as { gone?: boolean }).gone = true;
    expect(await press('MEGAN', card)).toContain("couldn't check who you are");
    expect((await request())?.approvals).toEqual([]);
  });

  it('removed from the tenant: a typed approve changes nothing', async () => {
    await adeleAsks();
    await megansCard();
    (teams.users.MEGAN as { gone?: boolean }).gone = true;
    expect(await ask('MEGAN', 'approve AR-1001')).toContain("couldn't check who you are");
    expect((await request())?.approvals).toEqual([]);
  });

  it('made a guest in Teams: a pressed Approve is refused', async () => {
    await adeleAsks();
    const card = await megansCard();
    (teams.users.MEGAN as { userRole?: string }).userRole = 'guest';
    expect(await press('MEGAN', card)).toContain('guest accounts');
    expect((await request())?.approvals).toEqual([]);
  });

  it('demoted in the Portal: a typed approve is refused by the rule', async () => {
    await adeleAsks();
    await megansCard();
    await ask('ALEX', 'revoke infra-admin meganb@example.com prod-eu --confirm');
    expect(await ask('MEGAN', 'approve AR-1001')).toContain("You can't do that");
    expect((await request())?.approvals).toEqual([]);
  });
});

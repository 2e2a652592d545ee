// Slack: every change asks users.info again; reads may use the one-minute cache, which expires by the (injected) clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import { type Harness, shown, startSlack } from './harness.ts';

let app: TestApp;
let slack: Harness;
beforeEach(async () => {
  app = memoryApp();
  slack = await startSlack(app);
});
afterEach(async () => {
  await slack.close();
});

/** Types a slash command and returns what was answered. */
async function slash(user: string, text: string) {
  const n = slack.sent.length + 1;
  await slack.slash(user, text);
  return shown((await slack.waitForSent(n))[n - 1]);
}
async function press(user: string, name: string, args: Record<string, string>) {
  const n = slack.sent.length + 1;
  await slack.press(user, { name, args });
  return shown((await slack.waitForSent(n))[n - 1]);
}
const slots = async () =>
  (await app.data()).companies[0]?.subscriptions
    .flatMap((s) => s.infrastructures)
    .find((i) => i.id === 'prod-eu')
    ?.slots.map((x) => x.env)
    .sort();
const request = async () => (await app.data()).companies[0]?.requests[0];

/** Adele asks to be Infra Admin of prod-eu; Megan (its Infra Admin) and the Company Admins may decide. */
async function adeleAsks() {
  await slash('UADELE', 'request infra-admin prod-eu --reason "hotfix"');
  expect((await request())?.status).toBe('pending');
}

describe('reads use the cache', () => {
  it('two reads within a minute ask Slack once', async () => {
    await slash('UALEX', 'whoami');
    await slash('UALEX', 'team');
    await press('UALEX', 'slots', { infra: 'prod-eu' });
    expect(slack.lookups.UALEX).toBe(1);
  });

  it('the cache expires by the clock: 59 s later still cached, 61 s later asked again', async () => {
    await slash('UALEX', 'whoami');
    slack.now.seconds += 59;
    await slash('UALEX', 'team');
    expect(slack.lookups.UALEX).toBe(1);
    slack.now.seconds += 2;
    await slash('UALEX', 'team');
    expect(slack.lookups.UALEX).toBe(2);
  });
});

describe('every change asks Slack again, typed or pressed', () => {
  it('a typed change and a pressed change each look the account up, whatever the cache holds', async () => {
    await slash('UALEX', 'whoami');
    await slash('UALEX', 'slot register prod-eu perf');
    expect(slack.lookups.UALEX).toBe(2);
    await press('UALEX', 'slot release', { infra: 'prod-eu', env: 'perf' });
    expect(slack.lookups.UALEX).toBe(3);
    await slash('UALEX', 'grant access gradya@example.com prod-eu');
    expect(slack.lookups.UALEX).toBe(4);
  });

  it('bad input for a change asks nobody: it never runs', async () => {
    await slash('UALEX', 'slot register');
    expect(slack.lookups.UALEX).toBeUndefined();
  });
});

describe('an account deactivated within the cache window', () => {
  it('is refused a typed change, and nothing changes', async () => {
    expect(await slash('UALEX', 'whoami')).toContain('Alex Wilber');
    (slack.users.UALEX as { deleted?: boolean }).deleted = true;
    const before = await slots();
    const answer = await slash('UALEX', 'slot register prod-eu perf');
    expect(answer).toContain('deactivated');
    expect(await slots()).toEqual(before);
  });

  it('is refused a pressed Approve, and the request stays pending', async () => {
    await adeleAsks();
    await slash('UMEGAN', 'requests');
    (slack.users.UMEGAN as { deleted?: boolean }).deleted = true;
    expect(await press('UMEGAN', 'approve', { id: 'AR-1001' })).toContain('deactivated');
    expect((await request())?.status).toBe('pending');
    expect((await request())?.approvals).toEqual([]);
  });

  it('is refused a typed approve', async () => {
    await adeleAsks();
    await slash('UMEGAN', 'requests');
    (slack.users.UMEGAN as { deleted?: boolean }).deleted = true;
    expect(await slash('UMEGAN', 'approve AR-1001')).toContain('deactivated');
    expect((await request())?.approvals).toEqual([]);
  });
});

describe('an approver demoted within the cache window', () => {
  it('made a guest on Slack: a pressed Approve is refused', async () => {
    await adeleAsks();
    await slash('UMEGAN', 'requests');
    (slack.users.UMEGAN as { is_restricted?: boolean }).is_restricted = true;
    expect(await press('UMEGAN', 'approve', { id: 'AR-1001' })).toContain('guest accounts');
    expect((await request())?.approvals).toEqual([]);
  });

  it('demoted in the Portal: a typed approve is refused by the rule, with who could instead', async () => {
    await adeleAsks();
    await slash('UMEGAN', 'requests');
    expect(await slash('UALEX', 'revoke infra-admin meganb@example.com prod-eu --confirm')).toContain(
      'Megan',
    );
    const answer = await slash('UMEGAN', 'approve AR-1001');
    expect(answer).toContain("You can't do that");
    expect(answer).toContain('Alex Wilber');
    expect((await request())?.approvals).toEqual([]);
  });
});

describe('when Slack cannot say who is asking', () => {
  it('a change is not made, and the person is told so', async () => {
    await slash('UALEX', 'whoami');
    delete slack.users.UALEX;
    const before = await slots();
    expect(await slash('UALEX', 'slot register prod-eu perf')).toContain("couldn't check who you are");
    expect(await slots()).toEqual(before);
    expect(slack.logs.some((l) => l.event === 'slack-api-failed')).toBe(true);
  });
});

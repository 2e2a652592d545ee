// Time-bound roles on a fake clock: shown with their end, warned an hour before with Extend, taken back on time, across a restart.
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app/app.ts';
import { fakeClock } from '../../src/app/clock.ts';
import { runOnce } from '../../src/app/delivery.ts';
import { commit } from '../../src/store/store.ts';
import { tick } from '../../src/workflow/scheduler.ts';
import { DEMO_DAY, dataWithAudit, fileApp, memoryApp } from '../fakes/app.ts';
import { fakePort } from '../fakes/chat-port.ts';
import {
  ADELE,
  ALEX,
  button,
  company,
  DAY,
  GRADY,
  HOUR,
  MEGAN,
  MINUTE,
  member,
  PRADEEP,
  requestOf,
  world,
} from './harness.ts';

const dmsTo = (w: ReturnType<typeof world>, email: string) =>
  w.sent().filter((s) => s.op === 'direct' && s.to === email);

describe('grant infra-admin --for 8h', () => {
  it('makes Adele Infra Admin now, and `team` and `whoami` show until when', async () => {
    const w = world();
    const r = await w.app.say(MEGAN, `grant infra-admin ${ADELE} prod-eu --for 8h`);
    expect(r.ok, r.text).toBe(true);
    expect(r.text).toContain('until 28 Nov 2026 20:00 UTC (8 hours)');
    expect((await member(w.app, ADELE))?.roles['prod-eu']).toBe('admin');
    expect((await w.app.say(ALEX, 'team --infra prod-eu')).text).toContain(
      'time-bound: Infra Admin of prod-eu until 28 Nov 2026 20:00 UTC',
    );
    expect((await w.app.say(ADELE, 'whoami')).text).toMatch(
      /Time-bound:\s+Infra Admin of prod-eu until 28 Nov 2026 20:00 UTC/,
    );
  });

  it('warns at 7h01m with an Extend button that files a new request; at 8h she is Member again, audited and told', async () => {
    const w = world();
    await w.app.say(MEGAN, `grant infra-admin ${ADELE} prod-eu --for 8h`);
    await w.deliver();
    const grantedDms = dmsTo(w, ADELE).length;

    w.app.clock.advance(7 * HOUR - MINUTE);
    await w.deliver();
    expect(dmsTo(w, ADELE)).toHaveLength(grantedDms);
    w.app.clock.advance(2 * MINUTE); // 7h01m: less than an hour left
    await w.deliver();
    const warning = dmsTo(w, ADELE).at(-1);
    expect(dmsTo(w, ADELE)).toHaveLength(grantedDms + 1);
    expect(warning?.text).toContain('ends at 28 Nov 2026 20:00 UTC');
    await w.deliver();
    expect(dmsTo(w, ADELE)).toHaveLength(grantedDms + 1); // warned once

    const extend = await w.app.press(ADELE, button(warning?.view, 'Extend'));
    expect(extend.ok, extend.text).toBe(true);
    const asked = await requestOf(w.app, 'AR-1001');
    expect(asked).toMatchObject({
      kind: 'infra-admin',
      infra: 'prod-eu',
      forMs: 8 * HOUR,
      status: 'pending',
    });

    w.app.clock.advance(59 * MINUTE);
    await w.deliver();
    expect((await member(w.app, ADELE))?.roles['prod-eu']).toBe('member');
    expect((await company(w.app)).grants).toEqual([]);
    const expired = (await w.app.data()).audit.filter((e) => e.action === 'grant.expire');
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ actor: 'system', target: ADELE, infra: 'prod-eu' });
    expect(dmsTo(w, ADELE).at(-1)?.text).toContain(
      'time-bound *Infra Admin of prod-eu* ended; now Member of prod-eu',
    );
    expect((await w.app.say(ADELE, 'whoami')).text).not.toContain('Time-bound');
  });

  it('the Extend button of a week-long grant files a request for another week', async () => {
    const w = world();
    await w.app.say(MEGAN, `grant access ${GRADY} prod-eu --for 7d`);
    w.app.clock.advance(7 * DAY - 59 * MINUTE);
    await w.deliver();
    const warning = dmsTo(w, GRADY).at(-1);
    expect(warning?.text).toContain('Extend (ask for 1 week more)');
    const extend = await w.app.press(GRADY, button(warning?.view, 'Extend'));
    expect(extend.ok, extend.text).toBe(true);
    expect((await requestOf(w.app, 'AR-1001'))?.forMs).toBe(7 * DAY);
  });
});

describe('never over a permanent role, and made permanent by a permanent grant', () => {
  it('a time-bound Infra Admin over a permanent one changes nothing', async () => {
    const w = world();
    const r = await w.app.say(ALEX, `grant infra-admin ${MEGAN} prod-eu --for 8h`);
    expect(r.ok).toBe(true);
    expect(r.text).toContain('nothing changed');
    expect((await company(w.app)).grants).toEqual([]);
    w.app.clock.advance(9 * HOUR);
    await w.deliver();
    expect((await member(w.app, MEGAN))?.roles['prod-eu']).toBe('admin');
  });

  it('time-bound access over a permanent Infra Admin changes nothing either', async () => {
    const w = world();
    expect((await w.app.say(ALEX, `grant access ${MEGAN} prod-eu --for 2d`)).text).toContain(
      'nothing changed',
    );
    expect((await company(w.app)).grants).toEqual([]);
  });

  it('a permanent grant over a time-bound one makes it permanent', async () => {
    const w = world();
    await w.app.say(MEGAN, `grant infra-admin ${ADELE} prod-eu --for 8h`);
    const r = await w.app.say(MEGAN, `grant infra-admin ${ADELE} prod-eu`);
    expect(r.ok, r.text).toBe(true);
    expect(r.text).toContain('permanently');
    expect((await company(w.app)).grants).toEqual([]);
    w.app.clock.advance(9 * HOUR);
    await w.deliver();
    expect((await member(w.app, ADELE))?.roles['prod-eu']).toBe('admin');
  });

  it('grant access --for 2d gives Grady prod-eu for two days, then takes it away and tells him', async () => {
    const w = world();
    expect((await w.app.say(MEGAN, `grant access ${GRADY} prod-eu --for 2d`)).ok).toBe(true);
    expect((await member(w.app, GRADY))?.roles).toEqual({ 'dev-eu': 'member', 'prod-eu': 'member' });
    w.app.clock.advance(2 * DAY - MINUTE);
    await w.deliver();
    expect((await member(w.app, GRADY))?.roles['prod-eu']).toBe('member');
    w.app.clock.advance(MINUTE);
    await w.deliver();
    expect((await member(w.app, GRADY))?.roles).toEqual({ 'dev-eu': 'member' });
    expect(dmsTo(w, GRADY).at(-1)?.text).toContain(
      'time-bound *Member of prod-eu* ended; now no role of prod-eu',
    );
  });

  it('an approved request with --for grants for that long, then restores the role', async () => {
    const w = world();
    await w.app.say(ADELE, 'request infra-admin prod-eu --reason "release night" --for 4h');
    expect((await w.app.say(MEGAN, 'approve AR-1001')).ok).toBe(true);
    expect((await company(w.app)).grants).toMatchObject([
      { email: ADELE, kind: 'infra-admin', infra: 'prod-eu', previous: 'member', source: 'request AR-1001' },
    ]);
    expect((await company(w.app)).grants[0]?.until).toBe('2026-11-28T16:00:00.000Z');
    w.app.clock.advance(4 * HOUR);
    await w.deliver();
    expect((await member(w.app, ADELE))?.roles['prod-eu']).toBe('member');
  });
});

describe('time-bound Company Admin', () => {
  it('granted by two approvals for 8h, it ends on time and the Company Admin flag goes', async () => {
    const w = world();
    await w.app.say(MEGAN, 'request company-admin --reason "cover the weekend" --for 8h');
    await w.app.say(ALEX, 'approve AR-1001');
    expect((await w.app.say(PRADEEP, 'approve AR-1001')).ok).toBe(true);
    expect((await member(w.app, MEGAN))?.companyAdmin).toBe(true);
    w.app.clock.advance(8 * HOUR);
    await w.deliver();
    expect((await member(w.app, MEGAN))?.companyAdmin).toBe(false);
    expect((await member(w.app, MEGAN))?.roles['prod-eu']).toBe('admin');
    expect(dmsTo(w, MEGAN).at(-1)?.text).toContain('time-bound *Company Admin* ended');
  });

  it('a time-bound Company Admin cannot revoke the permanent ones, so expiry always ends the role', async () => {
    const w = world();
    await w.app.say(MEGAN, 'request company-admin --reason "cover the weekend" --for 8h');
    await w.app.say(ALEX, 'approve AR-1001');
    await w.app.say(PRADEEP, 'approve AR-1001');
    expect((await w.app.say(MEGAN, `revoke company-admin ${ALEX} --confirm`)).ok).toBe(false);
    expect((await w.app.say(MEGAN, `revoke company-admin ${PRADEEP} --confirm`)).ok).toBe(false);
    w.app.clock.advance(8 * HOUR);
    await w.deliver();
    expect((await member(w.app, MEGAN))?.companyAdmin).toBe(false);
    expect((await w.app.data()).audit.at(-1)).toMatchObject({ action: 'grant.expire', target: MEGAN });
    expect((await company(w.app)).grants).toEqual([]);
  });
});

describe('across a restart', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('a grant for 2h ends after a restart three hours later: one pass takes it back and restores Member', async () => {
    const first = await fileApp();
    cleanup = first.cleanup;
    const r = await first.say(MEGAN, `grant infra-admin ${ADELE} prod-eu --for 2h`);
    expect(r.ok, r.text).toBe(true);
    await first.close();

    const clock = fakeClock(new Date(new Date(DEMO_DAY).getTime() + 3 * HOUR));
    const again = await openApp({ dataFile: first.file, demo: true, clock });
    cleanup = async () => {
      await again.close().catch(() => {});
      await first.cleanup();
    };
    const before = await again.store.read((d) => d.companies[0]?.grants.length);
    expect(before).toBe(1);
    const slack = fakePort('slack');
    await runOnce({ store: again.store, clock, ports: [slack], log: () => {} });
    const c = await again.store.read((d) => structuredClone(d.companies[0]));
    expect(c?.grants).toEqual([]);
    expect(c?.members.find((m) => m.email === ADELE)?.roles['prod-eu']).toBe('member');
    expect(slack.textsTo(ADELE).at(-1)).toContain('ended; now Member of prod-eu');
    const audit = (await dataWithAudit(again.store)).audit.filter((e) => e.action === 'grant.expire');
    expect(audit).toHaveLength(1);
  });
});

describe('access asked for under a time-bound Infra Admin role', () => {
  it('outlives the admin role: when that ends, the member keeps access', async () => {
    const app = memoryApp();
    await app.say('alexw@example.com', 'grant infra-admin gradya@example.com prod-eu --for 8h');
    const r = await app.say('alexw@example.com', 'grant access gradya@example.com prod-eu');
    expect(r.text).toContain('keeps access');
    app.clock.advance(8 * 3_600_000 + 60_000);
    await app.store.transaction((d, tx) => commit(tick(d, tx, app.clock.now())));
    const grady = (await app.data()).companies[0]?.members.find((m) => m.email === 'gradya@example.com');
    expect(grady?.roles['prod-eu']).toBe('member');
  });

  it('a time-bound access that ends first leaves nothing once the admin role ends too', async () => {
    const app = memoryApp();
    await app.say('alexw@example.com', 'grant infra-admin gradya@example.com prod-eu --for 8h');
    await app.say('alexw@example.com', 'grant access gradya@example.com prod-eu --for 2h');
    for (const hours of [3, 6]) {
      app.clock.advance(hours * 3_600_000);
      await app.store.transaction((d, tx) => commit(tick(d, tx, app.clock.now())));
    }
    const grady = (await app.data()).companies[0]?.members.find((m) => m.email === 'gradya@example.com');
    expect(grady?.roles['prod-eu']).toBeUndefined();
  });
});

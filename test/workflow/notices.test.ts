// Notices for the demo company: each type to exactly the right people, license thresholds once each, invitations and cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreData } from '../../src/domain/schemas.ts';
import {
  ADELE,
  ALEX,
  button,
  DAY,
  DIEGO,
  GRADY,
  ISAIAH,
  kind,
  LEE,
  MEGAN,
  member,
  PRADEEP,
  viewWords,
  type World,
  world,
} from './harness.ts';

/** Who a notice was queued for, by the start of its outbox key. */
const queuedFor = (d: StoreData, keyStart: string) =>
  d.outbox.filter((x) => x.key.startsWith(keyStart)).map((x) => (x.to.kind === 'member' ? x.to.email : '?'));

const manual = async (w: World) => (await w.app.data()).outbox.filter((x) => x.key.startsWith('manual:'));
const recipientsOf = async (w: World) =>
  (await manual(w)).map((x) => (x.to.kind === 'member' ? x.to.email : '?')).sort();

describe('each notice type reaches exactly the people whose role receives it', () => {
  it('maintenance of prod-eu: its Infra Admin Megan, nobody else (not even the Company Admins)', async () => {
    const w = world();
    const r = await w.app.say(
      ALEX,
      'notify maintenance prod-eu "Saturday 02:00-04:00 UTC: database upgrade"',
    );
    expect(r.ok, r.text).toBe(true);
    expect(await recipientsOf(w)).toEqual([MEGAN]);
  });

  it('disruptive on prod-eu and onprem-1: the Company Admins and the Infra Admins of both, once each', async () => {
    const w = world();
    expect((await w.app.say(ALEX, 'notify disruptive prod-eu,onprem-1 "Database failover"')).ok).toBe(true);
    expect(await recipientsOf(w)).toEqual([ALEX, DIEGO, MEGAN, PRADEEP].sort());
  });

  it('security: the security contacts, with phone numbers shown in the copies of admins only', async () => {
    const w = world();
    const set = await w.app.say(ALEX, `security-contact set ${ADELE} +351912000000`);
    expect(set.ok, set.text).toBe(true);
    expect((await w.app.say(ALEX, 'notify security "Rotate your API keys"')).ok).toBe(true);
    expect(await recipientsOf(w)).toEqual([ADELE, DIEGO, MEGAN].sort());
    await w.deliver();
    const copy = (email: string) =>
      w.sent().find((s) => s.to === email && s.view.title === 'Security notice')?.text ?? '';
    for (const admin of [MEGAN, DIEGO]) {
      expect(copy(admin)).toContain('+44 20 7946 0958');
      expect(copy(admin)).toContain('+351 912 345 678');
      expect(copy(admin)).toContain('because you are a security contact');
    }
    expect(copy(ADELE)).toContain('Rotate your API keys');
    expect(copy(ADELE)).not.toMatch(/\+\d/);
  });

  it('a Company Admin who is no security contact gets no security notice', async () => {
    const w = world();
    await w.app.say(ALEX, 'notify security "Rotate your API keys"');
    expect(await recipientsOf(w)).toEqual([DIEGO, MEGAN]);
  });

  it('notify is for Company Admins only; an Infra Admin is refused and nothing is queued', async () => {
    const w = world();
    const r = await w.app.say(MEGAN, 'notify maintenance prod-eu "tonight"');
    expect(kind(r)).toBe('denied');
    expect((await w.app.data()).outbox).toEqual([]);
  });
});

describe('license expiration: Company Admins and the Infra Admins of the infrastructure, once per threshold', () => {
  it('on the demo day: dev-eu (12 days) its 14-day notice, sentry-us (5 days) its 7-day one, hybrid-ap (24) its 30-day one', async () => {
    const w = world({ licenses: true });
    await w.deliver();
    const d = await w.app.data();
    expect(queuedFor(d, 'license:dev-eu:2026-12-10:14:')).toEqual([ALEX, PRADEEP, LEE]);
    expect(queuedFor(d, 'license:sentry-us:2026-12-03:7:')).toEqual([ALEX, PRADEEP, ISAIAH]);
    expect(queuedFor(d, 'license:hybrid-ap:2026-12-22:30:')).toEqual([ALEX, PRADEEP, LEE]);
    expect(d.outbox.filter((x) => x.key.startsWith('license:'))).toHaveLength(9);
    expect(w.slack.textsTo(LEE).join('\n')).toContain('License of dev-eu expires in 12 days');

    await w.deliver();
    await w.deliver();
    expect((await w.app.data()).outbox).toHaveLength(9);
    expect(w.sent()).toHaveLength(9);
  });

  it('day by day to past the expiry: dev-eu warns at 14, 7 and 1 days and on the day, each once to each of three', async () => {
    const w = world({ licenses: true });
    for (let day = 0; day <= 13; day++) {
      await w.deliver();
      await w.deliver();
      w.app.clock.advance(DAY);
    }
    for (const who of [ALEX, PRADEEP, LEE]) {
      const devEu = w
        .sent()
        .filter((s) => s.to === who && s.view.title?.startsWith('License of dev-eu'))
        .map((s) => s.view.title);
      expect(devEu, who).toEqual([
        'License of dev-eu expires in 12 days',
        'License of dev-eu expires in 7 days',
        'License of dev-eu expires in 1 day',
        'License of dev-eu expired',
      ]);
    }
    const keys = (await w.app.data()).outbox.map((x) => x.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(w.sent().filter((s) => s.to === MEGAN || s.to === ADELE)).toEqual([]);
  });

  describe('in a server time zone far from UTC', () => {
    const tz = process.env.TZ;
    beforeAll(() => {
      process.env.TZ = 'America/Los_Angeles';
    });
    afterAll(() => {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    });

    it('days are counted in UTC: dev-eu still reads 12 days on the demo day', async () => {
      const w = world({ licenses: true });
      await w.deliver();
      expect(w.slack.textsTo(LEE).join('\n')).toContain('License of dev-eu expires in 12 days');
    });
  });
});

describe('what members see about notices', () => {
  it('`notifications`: a Company Admin sees the company outbox, a member only their own', async () => {
    const w = world();
    await w.app.say(ALEX, `security-contact set ${ADELE} +351912000000`);
    await w.app.say(ALEX, 'notify security "Rotate your API keys"');
    await w.deliver();
    const alex = (await w.app.say(ALEX, 'notifications')).text;
    expect(alex).toContain('Notifications (company)');
    expect(alex).toContain(MEGAN);
    expect(alex).toContain(ADELE);
    const adele = (await w.app.say(ADELE, 'notifications')).text;
    expect(adele).toContain('Your notifications');
    expect(adele).toContain(ADELE);
    expect(adele).not.toContain(MEGAN);
    expect(adele).not.toContain(DIEGO);
    expect((await w.app.say(ADELE, 'notifications pending')).text).toContain('No notices to show.');
  });

  it('`whoami` lists the notices you get and why', async () => {
    const w = world();
    const megan = (await w.app.say(MEGAN, 'whoami')).text;
    expect(megan).toContain('license expiration of prod-eu');
    expect(megan).toContain('maintenance of prod-eu (Infra Admin)');
    expect(megan).toContain('security notices (security contact)');
    const alex = (await w.app.say(ALEX, 'whoami')).text;
    expect(alex).toContain('license expiration of every infrastructure (Company Admin)');
    expect(alex).toContain('disruptive events on every infrastructure (Company Admin)');
    expect(alex).not.toContain('maintenance of');
    expect((await w.app.say(GRADY, 'whoami')).text).toContain('none: no role of yours receives notices');
  });
});

describe('invitations and support cases', () => {
  it('an invitation is a direct message with an Accept button; pressing it makes the invitee active', async () => {
    const w = world();
    expect((await w.app.say(ALEX, 'invite ana@example.com --member prod-eu')).ok).toBe(true);
    await w.deliver();
    const dm = w.sent().filter((s) => s.to === 'ana@example.com');
    expect(dm).toHaveLength(1);
    expect(dm[0]?.text).toContain('Alex Wilber invited you to the *Contoso* Customer Portal team.');
    const accepted = await w.app.press('ana@example.com', button(dm[0]?.view, 'Accept'));
    expect(accepted.ok, accepted.text).toBe(true);
    expect((await member(w.app, 'ana@example.com'))?.status).toBe('active');
  });

  it('a case opened by someone not on dev-eu waits: Lee gets an Approve button, and Adele hears the outcome', async () => {
    const w = world();
    const opened = await w.app.say(ADELE, 'case open dev-eu "Cannot reach the QA database"');
    expect(opened.text).toContain('waits for an Infra Admin of dev-eu');
    await w.deliver();
    const cards = w.sent().filter((s) => s.text.includes('Cannot reach the QA database'));
    expect(cards.map((s) => s.to)).toEqual([LEE]);
    const approved = await w.app.press(LEE, button(cards[0]?.view, 'Approve'));
    expect(approved.ok, approved.text).toBe(true);
    await w.deliver();
    const told = w.sent().filter((s) => s.to === ADELE);
    expect(told).toHaveLength(1);
    expect(viewWords(told[0]?.view)).toContain('Approved CS-1005 on dev-eu');
  });
});

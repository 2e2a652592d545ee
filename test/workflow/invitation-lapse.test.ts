// Invitations running out, on a fake clock: the inviter is reminded a day before and told at the lapse, once
// each, across a restart (JSON store) and across two replicas (PostgreSQL).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app/app.ts';
import { fakeClock } from '../../src/app/clock.ts';
import { runOnce } from '../../src/app/delivery.ts';
import type { OutboxItem } from '../../src/domain/schemas.ts';
import { TELL_LAPSE_WITHIN_MS } from '../../src/workflow/invitation-lapse.ts';
import { fileApp, storeApp } from '../fakes/app.ts';
import { fakePort } from '../fakes/chat-port.ts';
import { createTestDatabase, type TestDatabase } from '../store/pg/database.ts';
import { ALEX, button, DAY, LEE, MINUTE, NESTOR, PRADEEP, viewWords, type World, world } from './harness.ts';

// Nestor (pending) was invited by Lee; the invitation expires on 3 Dec 2026 at 10:00 UTC.
const EXPIRES = Date.parse('2026-12-03T10:00:00Z');
const REMIND_AT = EXPIRES - DAY;

const about = (w: World, email: string, words: string) =>
  w.sent().filter((s) => s.op === 'direct' && s.to === email && viewWords(s.view).includes(words));
const reminders = (w: World, to = LEE) => about(w, to, 'has not been accepted yet');
const lapses = (w: World, to = LEE) => about(w, to, 'without being accepted');
const at = (w: World, ms: number) => w.app.clock.set(new Date(ms));

describe('invitation reminders', () => {
  it('a day before it expires, the inviter is reminded once, with the Resend button they may use', async () => {
    const w = world();
    at(w, REMIND_AT - MINUTE);
    await w.deliver();
    expect(reminders(w)).toEqual([]);

    at(w, REMIND_AT);
    await w.deliver();
    expect(reminders(w)).toHaveLength(1);
    const [r] = reminders(w);
    expect(r?.view.title).toBe('An invitation expires tomorrow');
    expect(viewWords(r?.view)).toContain('The invitation of Nestor Wilke expires on 3 Dec 2026 10:00 UTC');
    // Lee, an Infra Admin, may resend but not cancel (only Company Admins remove people): no Cancel button.
    expect(viewWords(r?.view)).toContain('[Resend invitation]');
    expect(viewWords(r?.view)).not.toContain('Cancel invitation');
    // Nobody else hears of it.
    expect(w.sent().filter((s) => viewWords(s.view).includes('Nestor Wilke'))).toHaveLength(1);

    // Passes later the same day, and the next hours: still one.
    for (let i = 0; i < 5; i++) {
      w.app.clock.advance(3 * 60 * MINUTE);
      await w.deliver();
    }
    expect(reminders(w)).toHaveLength(1);

    // The button works for Lee: seven more days.
    const pressed = await w.app.press(LEE, button(r?.view, 'Resend invitation'));
    expect(pressed.ok, pressed.text).toBe(true);
    expect(pressed.text).toContain('Invitation renewed for Nestor Wilke');
  });

  it('at the lapse the inviter is told once; a renewed invitation gets its own reminder later', async () => {
    const w = world();
    at(w, REMIND_AT);
    await w.deliver();
    at(w, EXPIRES - 1);
    await w.deliver();
    expect(lapses(w)).toEqual([]);
    at(w, EXPIRES);
    await w.deliver();
    expect(lapses(w)).toHaveLength(1);
    expect(lapses(w)[0]?.view.title).toBe('An invitation lapsed');
    expect(viewWords(lapses(w)[0]?.view)).toContain('expired on 3 Dec 2026 10:00 UTC without being accepted');
    for (let i = 0; i < 6; i++) {
      w.app.clock.advance(DAY);
      await w.deliver();
    }
    expect(lapses(w)).toHaveLength(1);
    expect(reminders(w)).toHaveLength(1);

    expect((await w.app.say(LEE, `resend ${NESTOR}`)).ok).toBe(true);
    const renewedAt = w.app.clock.now().getTime();
    w.app.clock.advance(6 * DAY - MINUTE);
    await w.deliver();
    expect(reminders(w)).toHaveLength(1);
    at(w, renewedAt + 6 * DAY);
    await w.deliver();
    expect(reminders(w)).toHaveLength(2);
  });

  it('a bot down through the reminder day tells only of the lapse; down for longer than a week, of nothing', async () => {
    const late = world();
    at(late, EXPIRES + DAY);
    await late.deliver();
    expect(reminders(late)).toEqual([]);
    expect(lapses(late)).toHaveLength(1);

    const later = world();
    at(later, EXPIRES + TELL_LAPSE_WITHIN_MS);
    await later.deliver();
    expect(later.sent().filter((s) => viewWords(s.view).includes('Nestor Wilke'))).toEqual([]);
  });

  it('a cancelled invitation reminds nobody', async () => {
    const w = world();
    expect((await w.app.say(ALEX, `cancel-invite ${NESTOR} --confirm`)).ok).toBe(true);
    at(w, EXPIRES);
    await w.deliver();
    expect(w.sent().filter((s) => viewWords(s.view).includes('Nestor Wilke'))).toEqual([]);
  });

  it('an inviter who left: the Company Admins are reminded instead', async () => {
    const w = world();
    expect((await w.app.say(ALEX, `remove ${LEE} --confirm`)).ok).toBe(true);
    at(w, REMIND_AT);
    await w.deliver();
    expect(reminders(w, ALEX)).toHaveLength(1);
    expect(reminders(w, PRADEEP)).toHaveLength(1);
    expect(reminders(w, LEE)).toEqual([]);
    const item = (await w.app.data()).outbox.find(
      (x) => x.to.kind === 'member' && x.to.email === ALEX && x.key.includes(':remind:'),
    );
    expect(item?.reason).toBe('an invitation whose sender left the team expires in a day');
    // A Company Admin may both resend and cancel, and each button works for them.
    const v = reminders(w, ALEX)[0]?.view;
    expect(viewWords(v)).toContain('[Resend invitation] [Cancel invitation]');
    const cancelled = await w.app.press(ALEX, button(v, 'Cancel invitation'));
    expect(cancelled.ok, cancelled.text).toBe(true);
  });

  it('an inviter who may no longer resend gets the reminder without buttons', async () => {
    const w = world();
    // Lee is no longer an Infra Admin of dev-eu, the role Nestor was invited to.
    expect((await w.app.say(ALEX, `revoke infra-admin ${LEE} dev-eu --confirm`)).ok).toBe(true);
    at(w, REMIND_AT);
    await w.deliver();
    expect(reminders(w)).toHaveLength(1);
    const v = reminders(w)[0]?.view;
    expect(v?.blocks.some((b) => b.kind === 'actions')).toBe(false);
    expect(viewWords(v)).not.toContain('resend');
  });
});

describe('once across a restart and across replicas', () => {
  const mine = (items: OutboxItem[]) => items.filter((x) => x.key.startsWith(`invite:${NESTOR}:`));

  it('JSON store: a pass, a restart, another pass: one reminder', async () => {
    const a = await fileApp();
    try {
      a.clock.set(new Date(REMIND_AT));
      const slack = fakePort('slack');
      await runOnce({ store: a.store, clock: a.clock, ports: [slack], log: () => {} });
      await a.close();
      const clock = fakeClock(new Date(REMIND_AT + 10 * MINUTE));
      const b = await openApp({ dataFile: a.file, demo: true, clock });
      await runOnce({ store: b.store, clock, ports: [slack], log: () => {} });
      const items = await b.store.read((d) => structuredClone(d.outbox));
      await b.close();
      expect(mine(items).map((x) => x.key)).toEqual([`invite:${NESTOR}:2026-11-26T10:00:00Z:remind:${LEE}`]);
      expect(slack.textsTo(LEE).filter((t) => t.includes('has not been accepted yet'))).toHaveLength(1);
    } finally {
      await a.cleanup();
    }
  });

  describe('PostgreSQL', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase('lapse');
    });
    afterAll(async () => {
      await db.drop();
    });
    const opened: Array<{ cleanup(): Promise<void> }> = [];
    afterEach(async () => {
      for (const o of opened.splice(0)) await o.cleanup();
    });

    it('two replicas on one database, passing at the same moment: one reminder, one lapse notice', async () => {
      const one = await storeApp({ databaseUrl: db.url });
      opened.push(one);
      const two = await storeApp({ databaseUrl: db.url });
      opened.push(two);
      const slack = fakePort('slack');
      const pass = () =>
        Promise.all(
          [one, two].map((r) => runOnce({ store: r.store, clock: r.clock, ports: [slack], log: () => {} })),
        );
      for (const ms of [REMIND_AT, REMIND_AT + MINUTE, EXPIRES, EXPIRES + MINUTE]) {
        one.clock.set(new Date(ms));
        two.clock.set(new Date(ms));
        await pass();
        await pass();
      }
      const items = mine(await one.store.read((d) => structuredClone(d.outbox)));
      expect(items.map((x) => x.key).sort()).toEqual([
        `invite:${NESTOR}:2026-11-26T10:00:00Z:lapsed:${LEE}`,
        `invite:${NESTOR}:2026-11-26T10:00:00Z:remind:${LEE}`,
      ]);
      expect(slack.textsTo(LEE).filter((t) => t.includes('has not been accepted yet'))).toHaveLength(1);
      expect(slack.textsTo(LEE).filter((t) => t.includes('without being accepted'))).toHaveLength(1);
    });
  });
});

// Access reviews over time, with a fake clock: reminders once per interval (across restarts and concurrent
// workers), and at the due date the review closes, keeping or revoking what nobody decided.
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app/app.ts';
import { fakeClock } from '../../src/app/clock.ts';
import { runOnce } from '../../src/app/delivery.ts';
import { REVIEW_REMIND_MS } from '../../src/workflow/review-schedule.ts';
import { fileApp } from '../fakes/app.ts';
import { fakePort } from '../fakes/chat-port.ts';
import {
  ADELE,
  ALEX,
  button,
  company,
  DAY,
  DIEGO,
  HOUR,
  kind,
  MEGAN,
  member,
  PRADEEP,
  viewWords,
  type World,
  world,
} from './harness.ts';

const reminders = (w: World, to: string) =>
  w.sent().filter((s) => s.to === to && s.text.startsWith('Reminder: access review'));
/** The review with its items (stored apart, as entities of their own). */
const reviewOf = async (w: World) => {
  const c = await company(w.app);
  const r = c.reviews[0];
  return r && { ...r, items: c.reviewItems.filter((i) => i.review === r.id) };
};

async function started(w: World = world(), line = 'review start prod-eu') {
  const r = await w.app.say(ALEX, line);
  expect(r.ok, r.text).toBe(true);
  await w.deliver();
  return w;
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('reminders', () => {
  it('every three days, each reviewer with undecided items is reminded once; one who decided all is not', async () => {
    const w = await started();
    await w.app.press(MEGAN, button(w.sent().find((s) => s.to === MEGAN)?.view, 'Keep all'));
    w.app.clock.advance(REVIEW_REMIND_MS - HOUR);
    await w.deliver();
    expect(reminders(w, ALEX)).toEqual([]);
    w.app.clock.advance(HOUR);
    await w.deliver();
    await w.deliver();
    expect(reminders(w, ALEX)).toHaveLength(1);
    expect(reminders(w, PRADEEP)).toHaveLength(1);
    expect(reminders(w, MEGAN)).toEqual([]);
    expect(reminders(w, ALEX)[0]?.text).toContain(
      'waits for your decision on 1 of 1 role; due 12 Dec 2026 12:00 UTC',
    );
    w.app.clock.advance(REVIEW_REMIND_MS);
    await w.deliver();
    expect(reminders(w, ALEX)).toHaveLength(2);
    expect((await reviewOf(w))?.reminders).toBe(2);
  });

  it('two workers ticking at the same moment queue each reminder once', async () => {
    const w = await started();
    w.app.clock.advance(REVIEW_REMIND_MS);
    await Promise.all([w.deliver(), w.deliver()]);
    await w.deliver();
    expect(reminders(w, MEGAN)).toHaveLength(1);
    expect((await w.app.data()).outbox.filter((x) => x.key.includes(':remind:'))).toHaveLength(3);
  });

  it('after a restart on the same file, a reminder already queued is not queued again', async () => {
    const app = await fileApp();
    cleanup = app.cleanup;
    expect((await app.say(ALEX, 'review start prod-eu')).ok).toBe(true);
    const slack = fakePort('slack');
    app.clock.advance(REVIEW_REMIND_MS);
    await runOnce({ store: app.store, clock: app.clock, ports: [slack], log: () => {} });
    await app.close();
    const clock = fakeClock(app.clock.now());
    const again = await openApp({ dataFile: app.file, demo: true, clock });
    cleanup = async () => {
      await again.close().catch(() => {});
      await app.cleanup();
    };
    await runOnce({ store: again.store, clock, ports: [slack], log: () => {} });
    const texts = slack.textsTo(MEGAN).filter((t) => t.startsWith('Reminder'));
    expect(texts).toHaveLength(1);
  });

  it('no reminder falls after the due date: a 2-day review gets none', async () => {
    const w = await started(world(), 'review start prod-eu --due 2d');
    expect((await reviewOf(w))?.nextReminderAt).toBeUndefined();
    w.app.clock.advance(DAY);
    await w.deliver();
    expect(w.sent().filter((s) => s.text.startsWith('Reminder'))).toEqual([]);
  });
});

describe('the due date', () => {
  it('closes the review; undecided people stay; every card updates; the starter hears the outcome', async () => {
    const w = await started();
    await w.app.press(MEGAN, button(w.sent().find((s) => s.to === MEGAN)?.view, 'Remove'));
    await w.deliver();
    const sentBefore = w.sent().length;
    w.app.clock.advance(14 * DAY);
    await w.deliver();
    await w.deliver();
    const r = await reviewOf(w);
    expect(r?.status).toBe('closed');
    expect(r?.closedAt).toBe('2026-12-12T12:00:00.000Z');
    expect(r?.items.map((i) => [i.decision, i.note ?? ''])).toEqual([
      ['remove', ''],
      ['undecided', 'stayed: undecided at the due date'],
      ['undecided', 'stayed: undecided at the due date'],
      ['undecided', 'stayed: undecided at the due date'],
      ['undecided', 'stayed: undecided at the due date'],
    ]);
    expect((await member(w.app, ADELE))?.roles).toEqual({ 'prod-eu': 'member' });
    const told = w.sent().filter((s) => s.to === ALEX && s.text.includes('closed at its due date'));
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toContain('0 kept, 1 removed by reviewers');
    expect(told[0]?.text).toContain('4 roles undecided stayed (review.revoke-undecided is off)');
    const updates = w
      .sent()
      .slice(sentBefore)
      .filter((s) => s.op === 'update' && s.view.title?.startsWith('Access review'));
    // One per delivered card: Megan's, Alex's and Pradeep's.
    expect(updates).toHaveLength(3);
    for (const u of updates) {
      expect(viewWords(u.view)).toContain('closed at');
      expect(u.view.blocks.some((b) => b.kind === 'actions')).toBe(false);
    }
    const close = (await w.app.data()).audit.find((e) => e.action === 'review.close');
    expect(close).toMatchObject({
      actor: 'system',
      target: 'RV-1001',
      before: { status: 'open' },
      after: { status: 'closed', kept: 0, removed: 1, undecided: 4, revokedUndecided: 0 },
    });
  });

  it('with review.revoke-undecided on, undecided roles are revoked through revoke, and their holders told', async () => {
    const w = world();
    expect((await w.app.say(ALEX, 'settings review.revoke-undecided on')).ok).toBe(true);
    await started(w);
    await w.app.press(MEGAN, button(w.sent().find((s) => s.to === MEGAN)?.view, 'Keep'));
    w.app.clock.advance(14 * DAY);
    await w.deliver();
    await w.deliver();
    expect((await member(w.app, ALEX))?.roles).toEqual({ 'prod-eu': 'member' }); // kept by Megan
    expect((await member(w.app, ADELE))?.roles).toEqual({});
    expect((await member(w.app, DIEGO))?.roles).toEqual({ 'onprem-1': 'admin' });
    expect((await member(w.app, MEGAN))?.roles).toEqual({ 'dev-eu': 'member' });
    expect(w.sent().some((s) => s.to === ADELE && s.text.includes('no role of prod-eu'))).toBe(true);
    const audit = (await w.app.data()).audit;
    expect(audit.filter((e) => e.action === 'role.change' && e.actor === 'system')).toHaveLength(4);
    const told = w.sent().find((s) => s.to === ALEX && s.text.includes('closed at its due date'));
    expect(told?.text).toContain('4 roles undecided: 4 revoked (review.revoke-undecided is on)');
  });

  it('with review.revoke-undecided on, the last permanent Company Admin still stays', async () => {
    const w = world({
      extra: (d) => {
        for (const m of d.companies[0]?.members ?? []) if (m.email === PRADEEP) m.companyAdmin = false;
      },
    });
    expect((await w.app.say(ALEX, 'settings review.revoke-undecided on')).ok).toBe(true);
    await started(w, 'review start');
    w.app.clock.advance(14 * DAY);
    await w.deliver();
    expect((await member(w.app, ALEX))?.companyAdmin).toBe(true);
    const item = (await reviewOf(w))?.items.find((i) => i.email === ALEX && i.role.kind === 'company-admin');
    expect(item?.note).toContain('last permanent Company Admin');
  });

  it('a press after the review closed is refused and changes nothing', async () => {
    const w = await started();
    const keep = button(w.sent().find((s) => s.to === MEGAN)?.view, 'Keep');
    w.app.clock.advance(14 * DAY);
    await w.deliver();
    const before = await w.app.data();
    const late = await w.app.press(MEGAN, keep);
    expect(kind(late)).toBe('conflict');
    expect(late.text).toContain('RV-1001 closed at');
    expect(await w.app.data()).toEqual(before);
  });
});

describe('settings review.revoke-undecided', () => {
  it('is audited before -> after, and saying it again changes nothing', async () => {
    const w = world();
    const on = await w.app.say(ALEX, 'settings review.revoke-undecided on');
    expect(on.text).toContain('is now *on*');
    expect((await company(w.app)).settings.reviewRevokeUndecided).toBe(true);
    const again = await w.app.say(ALEX, 'settings review.revoke-undecided ON');
    expect(again.text).toContain('already on; nothing changed');
    const events = (await w.app.data()).audit.filter((e) => e.action === 'settings.change');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      target: 'review.revoke-undecided',
      before: { reviewRevokeUndecided: false },
      after: { reviewRevokeUndecided: true },
    });
  });
});

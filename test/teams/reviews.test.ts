// Teams end to end: an access review card reaches the reviewer's personal chat as an Adaptive Card; its
// Remove (after the card's own confirmation) revokes through `revoke`, and the card is updated in place.
import { afterEach, describe, expect, it } from 'vitest';
import { runOnce } from '../../src/app/delivery.ts';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import { actionOf, cardOf, type Harness, PERSONAL_CHAT, type Sent, startTeams, textOf } from './harness.ts';

let app: TestApp;
let teams: Harness;
afterEach(async () => {
  await teams.close();
});

async function start() {
  app = memoryApp((d) => {
    for (const s of d.companies[0]?.subscriptions ?? [])
      for (const i of s.infrastructures) i.licenseExpiresOn = '2030-01-01';
  });
  teams = await startTeams(app);
  // Megan has written to the bot once: her personal chat is known, so her card can reach her there.
  await teams.say('MEGAN', 'whoami');
  await teams.waitForSent(1);
  expect((await app.say('alexw@example.com', 'review start prod-eu')).ok).toBe(true);
  await runOnce({ store: app.store, clock: app.clock, ports: [teams.adapter.port], log: () => {} });
  const card = teams.sent.find((s) => s.method === 'POST' && isReviewCard(s));
  if (!card) throw new Error('no review card reached Teams');
  return card;
}

const isReviewCard = (s: Sent) => {
  try {
    return textOf(cardOf(s)).includes('Access review RV-1001');
  } catch {
    return false;
  }
};
const roles = async (email: string) =>
  (await app.data()).companies[0]?.members.find((m) => m.email === email)?.roles;

describe('an access review on Teams', () => {
  it('the card lists who holds what, each with Keep and Remove, and Keep all', async () => {
    const sent = await start();
    expect(sent.conversation).toBe(PERSONAL_CHAT);
    const text = textOf(cardOf(sent));
    for (const name of ['Alex Wilber', 'Adele Vance', 'Diego Siciliani', 'Patti Fernandez'])
      expect(text).toContain(name);
    expect(text).toContain('Keep all 4 undecided');
  });

  it('Remove, confirmed on the card, revokes the role, and the card is updated in place', async () => {
    const sent = await start();
    const id = sent.body.id ?? 'card-1';
    const yes = actionOf(cardOf(sent), /^Yes, Remove/);
    const r = await teams.press('MEGAN', yes, { replyToId: String(id) });
    expect(r.status).toBe(200);
    expect(textOf(cardOf(r))).toContain('Removed: Alex Wilber');
    expect(await roles('alexw@example.com')).toEqual({});
    const events = (await app.data()).audit.map((e) => e.action);
    expect(events.slice(-2)).toEqual(['role.change', 'review.decide']);

    const before = teams.sent.length;
    await runOnce({ store: app.store, clock: app.clock, ports: [teams.adapter.port], log: () => {} });
    const update = teams.sent.slice(before).find((s) => s.method === 'PUT' && isReviewCard(s));
    expect(update?.conversation).toBe(PERSONAL_CHAT);
    const stored = (await app.data()).companies[0]?.reviews[0]?.cards[0]?.ref;
    expect(update?.activityId).toBe(stored?.platform === 'teams' ? stored.activityId : 'a Teams card');
    expect(textOf(cardOf(update))).toContain('removed by');
  });

  it('the same button pressed by someone not asked is refused, and nothing changes', async () => {
    const sent = await start();
    const keep = actionOf(cardOf(sent), 'Keep');
    const r = await teams.press('ADELE', keep);
    expect(textOf(cardOf(r))).toContain("You can't do that");
    const items = (await app.data()).companies[0]?.reviewItems ?? [];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.decision === 'undecided')).toBe(true);
  });
});

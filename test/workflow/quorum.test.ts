// Issue 8, reproduction 3: the quorum fits the people who can approve, and no card offers a press that would be refused.
import { describe, expect, it } from 'vitest';
import {
  ADELE,
  ALEX,
  actionsOf,
  button,
  company,
  GRADY,
  kind,
  MEGAN,
  member,
  PRADEEP,
  requestOf,
  viewWords,
  type World,
  world,
} from './harness.ts';

const cardsTo = (w: World, op: 'direct' | 'channel' | 'update', to?: string) =>
  w.sent().filter((s) => s.op === op && s.view.title?.startsWith('Access request') && (!to || s.to === to));
const labels = (v: Parameters<typeof actionsOf>[0] | undefined) =>
  v ? actionsOf(v).map((a) => a.label) : [];

describe('the quorum fits the eligible approvers', () => {
  it('with one Company Admin besides the requester, a Company Admin request needs one approval, not two', async () => {
    const w = world();
    expect((await w.app.say(ALEX, `revoke company-admin ${PRADEEP} --confirm`)).ok).toBe(true);
    const asked = await w.app.say(MEGAN, 'request company-admin --reason "cover for Alex"');
    expect(asked.ok, asked.text).toBe(true);
    expect(asked.text).toContain('It needs 1 approval from Alex Wilber');
    expect((await requestOf(w.app, 'AR-1001'))?.required).toBe(1);
    await w.deliver();
    expect(viewWords(cardsTo(w, 'direct', ALEX)[0]?.view)).toContain('Approvals: 0 of 1');
    const approved = await w.app.say(ALEX, 'approve AR-1001');
    expect(approved.ok, approved.text).toBe(true);
    expect((await member(w.app, MEGAN))?.companyAdmin).toBe(true);
  });

  it('when the quorum shrinks after filing, the approved card counts what was needed, not the configured number', async () => {
    const w = world();
    await w.app.say(MEGAN, 'request company-admin --reason "cover for Alex"');
    expect((await requestOf(w.app, 'AR-1001'))?.required).toBe(2);
    await w.deliver();
    expect((await w.app.say(ALEX, `revoke company-admin ${PRADEEP} --confirm`)).ok).toBe(true);
    const approved = await w.app.say(ALEX, 'approve AR-1001');
    expect(approved.ok, approved.text).toBe(true);
    await w.deliver();
    const last = viewWords(cardsTo(w, 'update').at(-1)?.view);
    expect(last).toContain('Approvals: 1 of 1');
    expect(last).not.toContain('1 of 2');
  });

  it('with two, it still needs both (the configured number)', async () => {
    const w = world();
    await w.app.say(MEGAN, 'request company-admin --reason "cover for Alex"');
    expect((await requestOf(w.app, 'AR-1001'))?.required).toBe(2);
  });

  it('a request nobody else could approve is refused when filed, says why and what would help, and stores nothing', async () => {
    const w = world();
    await w.app.say(ALEX, `revoke company-admin ${PRADEEP} --confirm`);
    await w.app.say(ALEX, `revoke infra-admin ${MEGAN} prod-eu --confirm`);
    const before = (await w.app.data()).audit.length;
    const r = await w.app.say(ALEX, 'request infra-admin prod-eu --reason "approve cases"');
    expect(kind(r)).toBe('conflict');
    expect(r.text).toContain('Nobody besides you could approve Infra Admin of prod-eu');
    expect(r.text).toContain('grant company-admin EMAIL');
    expect((await company(w.app)).requests).toEqual([]);
    expect((await w.app.data()).audit).toHaveLength(before);
  });

  it('the card says exactly what is still needed, and from whom', async () => {
    const w = world();
    await w.app.say(MEGAN, 'request company-admin --reason "cover for Alex"');
    await w.app.say(ALEX, 'approve AR-1001');
    const review = await w.app.say(GRADY, 'decide AR-1001');
    expect(review.ok, review.text).toBe(true);
    expect(viewWords(review.outcome.reply.view)).toContain('Waiting for 1 more approval from Pradeep Gupta');
    expect(viewWords(review.outcome.reply.view)).toContain('Approvals: 1 of 2');
  });
});

describe('nobody is offered a decision whose press would be refused', () => {
  it('a DM card offers its approver Approve and Deny; after approving, their Review offers only Deny', async () => {
    const w = world();
    await w.app.say(MEGAN, 'request company-admin --reason "cover for Alex"');
    await w.deliver();
    expect(labels(cardsTo(w, 'direct', ALEX)[0]?.view)).toEqual(['Approve', 'Deny']);
    expect((await w.app.press(ALEX, button(cardsTo(w, 'direct', ALEX)[0]?.view, 'Approve'))).ok).toBe(true);
    await w.deliver();
    // Every copy updated in place is seen by whoever holds it: it offers Review only.
    for (const u of cardsTo(w, 'update')) expect(labels(u.view)).toEqual(['Review']);
    const mine = await w.app.press(ALEX, button(cardsTo(w, 'update').at(-1)?.view, 'Review'));
    expect(labels(mine.outcome.reply.view)).toEqual(['Deny']);
    expect(mine.text).toContain('you already approved AR-1001');
    // The Approve he is no longer offered would indeed be refused.
    expect(kind(await w.app.press(ALEX, { name: 'approve', args: { id: 'AR-1001' } }))).toBe('denied');
    const pradeeps = await w.app.say(PRADEEP, 'decide AR-1001');
    expect(labels(pradeeps.outcome.reply.view)).toEqual(['Approve', 'Deny']);
  });

  it('a channel card offers Review, which every member may press; it offers each viewer only what they may do', async () => {
    const w = world();
    await w.app.say(ALEX, 'settings approvals-channel C0APPROVALS --platform slack');
    await w.app.say(ADELE, 'request infra-admin prod-eu --reason "deploy"');
    await w.deliver();
    const card = cardsTo(w, 'channel')[0]?.view;
    expect(labels(card)).toEqual(['Review']);
    for (const who of [ALEX, MEGAN, ADELE, GRADY]) {
      const r = await w.app.press(who, button(card, 'Review'));
      expect(r.ok, `${who}: ${r.text}`).toBe(true);
      for (const a of actionsOf(r.outcome.reply.view)) {
        // Each offered decision is accepted from this viewer (tried on a copy of the world, then rolled back below).
        const probe = world();
        await probe.app.say(ALEX, 'settings approvals-channel C0APPROVALS --platform slack');
        await probe.app.say(ADELE, 'request infra-admin prod-eu --reason "deploy"');
        const pressed = await probe.app.press(who, a.command);
        expect(pressed.ok, `${who} pressing ${a.label}: ${pressed.text}`).toBe(true);
      }
    }
    const adele = await w.app.press(ADELE, button(card, 'Review'));
    expect(labels(adele.outcome.reply.view)).toEqual([]);
    expect(adele.text).toContain("You can't decide it");
    const grady = await w.app.press(GRADY, button(card, 'Review'));
    expect(labels(grady.outcome.reply.view)).toEqual([]);
    expect(grady.text).toContain("You can't decide it: only Company Admins or the Infra Admins of prod-eu");
    const megan = await w.app.press(MEGAN, button(card, 'Review'));
    expect(labels(megan.outcome.reply.view)).toEqual(['Approve', 'Deny']);
  });

  it('review of a request that does not exist says so; bad input names the id form', async () => {
    const w = world();
    const missing = await w.app.say(GRADY, 'decide AR-9999');
    expect(kind(missing)).toBe('not-found');
    const bad = await w.app.say(GRADY, 'decide banana');
    expect(kind(bad)).toBe('invalid');
    expect(bad.text).toContain('expected a request id such as AR-1001');
  });

  it('a pending member or a contact may not review', async () => {
    const w = world();
    await w.app.say(ADELE, 'request infra-admin prod-eu --reason "deploy"');
    expect(kind(await w.app.say('nestorw@example.com', 'decide AR-1001'))).toBe('denied');
  });
});

describe('the quorum follows the approvers who are left', () => {
  it('an approver leaves after filing: the one left approves and it is granted, not left to expire', async () => {
    const w = world();
    await w.app.say(MEGAN, 'request company-admin --reason x');
    await w.app.say(ALEX, `remove ${PRADEEP} --confirm`);
    const r = await w.app.say(ALEX, 'approve AR-1001');
    expect(r.ok, r.text).toBe(true);
    expect((await requestOf(w.app, 'AR-1001'))?.status).toBe('approved');
    expect((await member(w.app, MEGAN))?.companyAdmin).toBe(true);
  });

  it('every approver left has approved: any of them may press Approve again to grant it, with one approval each', async () => {
    const w = world();
    await w.app.say(MEGAN, 'request company-admin --reason x');
    await w.app.say(ALEX, 'approve AR-1001');
    await w.app.say(ALEX, `remove ${PRADEEP} --confirm`);
    const review = await w.app.say(ALEX, 'decide AR-1001');
    expect(review.text).toContain('It has every approval it can still get');
    expect(labels(review.outcome.reply.view)).toEqual(['Approve', 'Deny']);
    expect((await w.app.press(ALEX, button(review.outcome.reply.view, 'Approve'))).ok).toBe(true);
    expect((await requestOf(w.app, 'AR-1001'))?.approvals).toHaveLength(1);
    expect((await member(w.app, MEGAN))?.companyAdmin).toBe(true);
  });
});

describe('a second time-bound grant only ever extends the first', () => {
  it('granting for less than what is left changes nothing, and the role stays time-bound', async () => {
    const w = world();
    await w.app.say(ALEX, `grant infra-admin ${ADELE} prod-eu --for 8h`);
    const r = await w.app.say(ALEX, `grant infra-admin ${ADELE} prod-eu --for 1h`);
    expect(r.ok, r.text).toBe(true);
    expect(r.text).toContain('nothing changed');
    expect((await company(w.app)).grants).toHaveLength(1);
  });
});

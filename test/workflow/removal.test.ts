// Issue 8, reproduction 4: removing a member ends their grants, withdraws their requests and drops their approvals.
import { describe, expect, it } from 'vitest';
import {
  ADELE,
  ALEX,
  company,
  HOUR,
  kind,
  MEGAN,
  member,
  PRADEEP,
  requestOf,
  viewWords,
  type World,
  world,
} from './harness.ts';

const updatesOf = (w: World) =>
  w.sent().filter((s) => s.op === 'update' && s.view.title?.startsWith('Access request'));

describe('remove ends everything the member had', () => {
  it("ends Adele's time-bound grant, withdraws her pending request, and updates every copy of its card", async () => {
    const w = world();
    await w.app.say(MEGAN, `grant infra-admin ${ADELE} prod-eu --for 8h`);
    expect((await w.app.say(ADELE, 'request access dev-eu --reason "QA"')).ok).toBe(true);
    await w.deliver();
    const posted = (await requestOf(w.app, 'AR-1001'))?.messages.length ?? 0;
    expect(posted).toBeGreaterThan(0);
    const r = await w.app.say(ALEX, `remove ${ADELE} --confirm`);
    expect(r.ok, r.text).toBe(true);
    const c = await company(w.app);
    expect(c.grants.filter((g) => g.email === ADELE)).toEqual([]);
    expect(await requestOf(w.app, 'AR-1001')).toMatchObject({ status: 'cancelled', decision: { by: ALEX } });
    await w.deliver();
    const updates = updatesOf(w);
    expect(updates).toHaveLength(posted);
    for (const u of updates) {
      expect(viewWords(u.view)).toContain(
        'Withdrawn: the requester was removed from the team by Alex Wilber',
      );
      expect(viewWords(u.view)).not.toContain('[');
    }
    const audit = (await w.app.data()).audit.map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['member.remove', 'grant.end', 'request.withdraw']));
  });

  it('drops the approvals the removed member gave: the request needs them again from someone else', async () => {
    const w = world();
    await w.app.say(MEGAN, 'request company-admin --reason "cover"');
    expect((await w.app.say(ALEX, 'approve AR-1001')).ok).toBe(true);
    await w.deliver();
    await w.app.say(PRADEEP, `remove ${ALEX} --confirm`);
    expect((await requestOf(w.app, 'AR-1001'))?.approvals).toEqual([]);
    await w.deliver();
    // Pradeep is the only one left who could approve: the quorum shrinks to one, and his approval is needed.
    expect(viewWords(updatesOf(w).at(-1)?.view)).toContain('Approvals: 0 of 1');
    expect((await member(w.app, MEGAN))?.companyAdmin).toBe(false);
    const r = await w.app.say(PRADEEP, 'approve AR-1001');
    expect(r.ok, r.text).toBe(true);
    expect((await member(w.app, MEGAN))?.companyAdmin).toBe(true);
  });

  it('after re-invitation, nothing old can strip the new permanent role', async () => {
    const w = world();
    await w.app.say(MEGAN, `grant infra-admin ${ADELE} prod-eu --for 2h`);
    await w.app.say(ALEX, `remove ${ADELE} --confirm`);
    expect((await w.app.say(ALEX, `invite ${ADELE} --infra-admin prod-eu`)).ok).toBe(true);
    w.app.clock.advance(3 * HOUR);
    await w.deliver();
    expect((await member(w.app, ADELE))?.roles['prod-eu']).toBe('admin');
    expect((await w.app.data()).audit.some((e) => e.action === 'grant.expire' && e.target === ADELE)).toBe(
      false,
    );
  });

  it('cancelling an invitation ends the invitee’s time-bound grants too', async () => {
    const w = world();
    await w.app.say(ALEX, 'grant access nestorw@example.com prod-eu --for 2h');
    expect((await w.app.say(ALEX, 'cancel-invite nestorw@example.com --confirm')).ok).toBe(true);
    expect((await company(w.app)).grants).toEqual([]);
  });

  it('refused removals change nothing: a Member may not remove', async () => {
    const w = world();
    await w.app.say(MEGAN, `grant infra-admin ${ADELE} prod-eu --for 8h`);
    const r = await w.app.say(MEGAN, `remove ${ADELE} --confirm`);
    expect(kind(r)).toBe('denied');
    expect((await company(w.app)).grants).toHaveLength(1);
  });
});

describe('the scheduler offers nothing a press would refuse', () => {
  it('a reminder goes out after roles that ended in the same pass: no Approve for someone no longer eligible', async () => {
    const w = world();
    await w.app.say(ALEX, `grant infra-admin ${MEGAN} dev-eu --for 1h`);
    await w.app.say(ADELE, 'request access dev-eu --reason x');
    await w.deliver();
    const before = w.sent().length;
    w.app.clock.advance(HOUR);
    await w.deliver();
    await w.deliver();
    const toMegan = w
      .sent()
      .slice(before)
      .filter((s) => s.to === MEGAN && s.view.title?.startsWith('Access'));
    for (const s of toMegan) expect(viewWords(s.view)).not.toContain('[Approve]');
  });

  it('an invitee warned before a time-bound role ends is not offered Extend, which they could not take', async () => {
    const w = world();
    await w.app.say(ALEX, 'grant access nestorw@example.com prod-eu --for 2h');
    w.app.clock.advance(HOUR + 1);
    await w.deliver();
    const warning = (await w.app.data()).outbox.find((o) => o.key.endsWith(':warn'));
    expect(warning?.content.kind === 'view' && viewWords(warning.content.view)).toContain('ends at');
    expect(warning?.content.kind === 'view' && viewWords(warning.content.view)).not.toContain('Extend');
  });
});

// Slack end to end: a request becomes cards in approvers' DMs; an Approve button grants, updates each card, tells the requester.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runOnce } from '../../src/app/delivery.ts';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import { type Harness, type Sent, shown, startSlack } from './harness.ts';

let app: TestApp;
let slack: Harness;
beforeEach(async () => {
  // License dates far away, so the scheduler's license notices stay out of these counts.
  app = memoryApp((d) => {
    for (const s of d.companies[0]?.subscriptions ?? [])
      for (const i of s.infrastructures) i.licenseExpiresOn = '2030-01-01';
  });
  slack = await startSlack(app);
});
afterEach(async () => {
  await slack.close();
});

/** Presses a button and waits for its answer on the response_url. */
async function pressAndWait(...args: Parameters<Harness['press']>) {
  const before = slack.sent.length;
  await slack.press(...args);
  await slack.waitForSent(before + 1);
  return slack.sent.slice(before).find((s) => s.path.startsWith('/actions/'));
}

const deliver = () => runOnce({ store: app.store, clock: app.clock, ports: [slack.port], log: () => {} });
const posts = (method: string) => slack.sent.filter((s) => s.path === method);
const channelOf = (s: Sent | undefined) => String(s?.body.channel);

describe('an access request on Slack', () => {
  it('is posted to each eligible approver by DM, approved with a button, and every copy updated in place', async () => {
    await slack.slash('UADELE', 'request infra-admin prod-eu --reason "deploy the hotfix" --for 8h');
    await slack.waitForSent(1);
    await deliver();
    const cards = posts('chat.postMessage').filter((p) => shown(p).includes('AR-1001'));
    // Alex, Pradeep and Megan can grant on prod-eu; Pradeep has no Slack account here, so two DMs go out.
    expect(cards.map(channelOf).sort()).toEqual(['D-UALEX', 'D-UMEGAN']);
    expect(shown(cards[0])).toContain('Member of prod-eu -&gt; *Infra Admin of prod-eu*, for 8 hours');

    const megansCard = cards.find((c) => channelOf(c) === 'D-UMEGAN');
    const approved = await pressAndWait(
      'UMEGAN',
      { name: 'approve', args: { id: 'AR-1001' } },
      { messageTs: String(megansCard?.body.ts) },
    );
    expect(shown(approved)).toContain('Approved AR-1001');
    await deliver();

    const adele = (await app.data()).companies[0]?.members.find((m) => m.email === 'adelev@example.com');
    expect(adele?.roles['prod-eu']).toBe('admin');
    const updates = posts('chat.update');
    expect(updates.map(channelOf).sort()).toEqual(['D-UALEX', 'D-UMEGAN']);
    for (const u of updates) {
      expect(shown(u)).toContain('Approved by');
      expect(shown(u)).not.toContain('portal:approve');
    }
    const threads = posts('chat.postMessage').filter((p) => p.body.thread_ts);
    expect(threads).toHaveLength(2);
    expect(
      posts('chat.postMessage').some(
        (p) => channelOf(p) === 'D-UADELE' && shown(p).includes('Your request AR-1001'),
      ),
    ).toBe(true);
  });

  it('a second press on another copy says it is already decided and changes nothing', async () => {
    await slack.slash('UADELE', 'request infra-admin prod-eu --reason "hotfix"');
    await slack.waitForSent(1);
    await deliver();
    await pressAndWait('UMEGAN', { name: 'approve', args: { id: 'AR-1001' } });
    const second = await pressAndWait('UALEX', { name: 'deny', args: { id: 'AR-1001' } });
    expect(shown(second)).toContain('already approved');
    const audit = (await app.data()).audit.filter((e) => e.action.startsWith('request.'));
    expect(audit.map((e) => e.action)).toEqual(['request.create', 'request.approve']);
  });

  it('a Member cannot approve from a card she was not meant to see', async () => {
    await slack.slash('UMEGAN', 'request company-admin --reason "cover"');
    await slack.waitForSent(1);
    const answer = await pressAndWait('UADELE', { name: 'approve', args: { id: 'AR-1001' } });
    expect(shown(answer)).toContain("You can't do that");
    expect((await app.data()).companies[0]?.requests[0]?.approvals).toEqual([]);
  });

  it('two approvers pressing Approve on the same channel card are two approvals, not a replay', async () => {
    slack.users.UPRADEEP = { id: 'UPRADEEP', email: 'pradeepg@example.com', real_name: 'Pradeep Gupta' };
    await slack.slash('UALEX', 'settings approvals-channel C0APPROVE');
    await slack.waitForSent(1);
    await slack.slash('UMEGAN', 'request company-admin --reason "cover the holidays"');
    await slack.waitForSent(2);
    await deliver();
    const card = posts('chat.postMessage').find((p) => channelOf(p) === 'C0APPROVE');
    expect(shown(card)).toContain('AR-1001');
    const ts = String(card?.body.ts);
    const approve = { name: 'approve', args: { id: 'AR-1001' } };
    // The same message, block and button: only the presser differs.
    const first = await pressAndWait('UALEX', approve, { messageTs: ts, actionId: 'portal:approve:1' });
    expect(shown(first)).not.toContain('already done');
    const second = await pressAndWait('UPRADEEP', approve, { messageTs: ts, actionId: 'portal:approve:1' });
    expect(shown(second)).not.toContain('already done');
    const r = (await app.data()).companies[0]?.requests[0];
    expect(r?.approvals.map((a) => a.by).sort()).toEqual(['alexw@example.com', 'pradeepg@example.com']);
    expect(r?.status).toBe('approved');
    // The same presser again on the same card is the replay.
    const again = await pressAndWait('UALEX', approve, { messageTs: ts, actionId: 'portal:approve:1' });
    expect(shown(again)).toContain('already done');
  });
});

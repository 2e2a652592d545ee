// Access requests end to end: where the card goes, every way it is decided, reminders, cancel and bad input.
import { describe, expect, it } from 'vitest';
import {
  ADELE,
  ALEX,
  button,
  company,
  DAY,
  GRADY,
  kind,
  LEE,
  MEGAN,
  MINUTE,
  member,
  PRADEEP,
  requestOf,
  viewWords,
  type World,
  world,
} from './harness.ts';

const ASK = 'request infra-admin prod-eu --reason "deploy the hotfix" --for 8h';
const PREVIEW = 'Adele Vance: Member of prod-eu -> Infra Admin of prod-eu, for 8 hours';
const TEAMS_CHANNEL = '19:approvals@thread.tacv2';

const cardsOf = (w: World, op: 'direct' | 'channel' | 'update' | 'reply') =>
  w.sent().filter((s) => s.op === op && s.view.title?.startsWith('Access request'));

/** Files Adele's prod-eu request and delivers its cards. */
async function filed(w: World = world()) {
  const r = await w.app.say(ADELE, ASK);
  expect(r.ok, r.text).toBe(true);
  await w.deliver();
  return w;
}

describe('where the request card is posted', () => {
  it('with no approvals channel, by direct message to exactly the eligible approvers: Alex, Pradeep and Megan, not Lee', async () => {
    const w = await filed();
    expect(cardsOf(w, 'direct').map((s) => s.to)).toEqual([ALEX, PRADEEP, MEGAN]);
    expect(w.sent().some((s) => s.to === LEE)).toBe(false);
    expect((await requestOf(w.app, 'AR-1001'))?.messages).toHaveLength(3);
  });

  it('the card previews before and after, the reason, the count and who can decide, with Approve and Deny', async () => {
    const w = await filed();
    const card = viewWords(cardsOf(w, 'direct')[0]?.view);
    expect(card).toContain(PREVIEW);
    expect(card).toContain('Reason: deploy the hotfix');
    expect(card).toContain('Approvals: 0 of 1');
    expect(card).toContain('Who can decide: Alex Wilber, Pradeep Gupta, Megan Bowen');
    expect(card).toContain('[Approve] [Deny]');
  });

  it('a request about dev-eu goes to the dev-eu approvers only: no firehose to Megan', async () => {
    const w = world();
    expect((await w.app.say(GRADY, 'request infra-admin dev-eu --reason "own QA"')).ok).toBe(true);
    await w.deliver();
    expect(cardsOf(w, 'direct').map((s) => s.to)).toEqual([ALEX, PRADEEP, LEE]);
  });

  it('with an approvals channel for prod-eu on Slack, in that channel only', async () => {
    const w = world();
    expect((await w.app.say(ALEX, 'settings approvals-channel C0COMPANY --platform slack')).ok).toBe(true);
    expect((await w.app.say(ALEX, 'settings approvals-channel prod-eu C0PRODEU --platform slack')).ok).toBe(
      true,
    );
    await filed(w);
    expect(cardsOf(w, 'channel').map((s) => s.to)).toEqual(['C0PRODEU']);
    expect(cardsOf(w, 'direct')).toEqual([]);
  });

  it('with only a company channel, in the company channel', async () => {
    const w = world();
    await w.app.say(ALEX, 'settings approvals-channel C0COMPANY --platform slack');
    await filed(w);
    expect(cardsOf(w, 'channel').map((s) => s.to)).toEqual(['C0COMPANY']);
    expect(cardsOf(w, 'direct')).toEqual([]);
  });

  it('an infrastructure channel switched off falls back to the company channel, as the command says', async () => {
    const w = world();
    await w.app.say(ALEX, 'settings approvals-channel C0COMPANY --platform slack');
    await w.app.say(ALEX, 'settings approvals-channel prod-eu C0PRODEU --platform slack');
    const off = await w.app.say(ALEX, 'settings approvals-channel prod-eu off --platform slack');
    expect(off.text).toContain('to the company channel');
    await filed(w);
    expect(cardsOf(w, 'channel').map((s) => s.to)).toEqual(['C0COMPANY']);
  });
});

describe('deciding', () => {
  it('approve: the role is granted, every copy updated in place, the decision in each thread, the requester told', async () => {
    const w = await filed();
    const megansCard = cardsOf(w, 'direct').find((s) => s.to === MEGAN);
    const pressed = await w.app.press(MEGAN, button(megansCard?.view, 'Approve'));
    expect(pressed.ok, pressed.text).toBe(true);
    expect((await member(w.app, ADELE))?.roles['prod-eu']).toBe('admin');
    await w.deliver();

    const refs = (await requestOf(w.app, 'AR-1001'))?.messages ?? [];
    const updates = cardsOf(w, 'update');
    expect(updates.map((u) => u.ref)).toEqual(refs);
    for (const u of updates)
      expect(viewWords(u.view)).toMatch(/Approved by Megan Bowen at 28 Nov 2026 12:00 UTC/);
    for (const u of updates) expect(viewWords(u.view)).not.toContain('[Approve]');
    expect(w.sent().filter((s) => s.op === 'reply')).toHaveLength(refs.length);
    const told = w.sent().filter((s) => s.op === 'direct' && s.to === ADELE);
    expect(told).toHaveLength(1);
    expect(viewWords(told[0]?.view)).toContain(PREVIEW);
  });

  it('approve with a reason: the cards and the requester read who approved, when and why', async () => {
    const w = await filed();
    expect((await w.app.say(MEGAN, 'approve AR-1001 --reason "hotfix window agreed"')).ok).toBe(true);
    await w.deliver();
    const why = 'Approved by Megan Bowen at 28 Nov 2026 12:00 UTC: hotfix window agreed';
    for (const u of cardsOf(w, 'update')) expect(viewWords(u.view)).toContain(why);
    expect(w.slack.textsTo(ADELE).join('\n')).toContain('hotfix window agreed');
  });

  it('deny with a reason: nothing granted, the card and the requester both say who, when and why', async () => {
    const w = await filed();
    const r = await w.app.say(MEGAN, 'deny AR-1001 --reason "use the staging account"');
    expect(r.ok, r.text).toBe(true);
    expect((await member(w.app, ADELE))?.roles['prod-eu']).toBe('member');
    await w.deliver();
    const why = 'Denied by Megan Bowen at 28 Nov 2026 12:00 UTC: use the staging account';
    expect(cardsOf(w, 'update')).toHaveLength(3);
    for (const u of cardsOf(w, 'update')) expect(viewWords(u.view)).toContain(why);
    expect(w.slack.textsTo(ADELE).join('\n')).toContain('use the staging account');
  });

  it('expiry: after 24 hours the card says expired, the requester is told, and a late approve changes nothing', async () => {
    const w = await filed();
    w.app.clock.advance(DAY);
    await w.deliver();
    expect((await requestOf(w.app, 'AR-1001'))?.status).toBe('expired');
    for (const u of cardsOf(w, 'update'))
      expect(viewWords(u.view)).toContain('Expired at 29 Nov 2026 12:00 UTC');
    expect(w.slack.textsTo(ADELE).join('\n')).toContain('Expired');
    const audit = (await w.app.data()).audit.length;
    const late = await w.app.say(MEGAN, 'approve AR-1001');
    expect(kind(late)).toBe('conflict');
    expect(late.text).toContain('AR-1001 is already expired');
    expect((await w.app.data()).audit.length).toBe(audit);
    expect((await member(w.app, ADELE))?.roles['prod-eu']).toBe('member');
  });

  it('a press past the expiry time, before the scheduler ran, is refused too', async () => {
    const w = await filed();
    w.app.clock.advance(DAY + MINUTE);
    const late = await w.app.say(MEGAN, 'approve AR-1001');
    expect(kind(late)).toBe('conflict');
    expect(late.text).toContain('expired at 29 Nov 2026 12:00 UTC');
    expect((await member(w.app, ADELE))?.roles['prod-eu']).toBe('member');
  });

  it('nobody approves their own request, even one they could grant to someone else', async () => {
    const w = world();
    expect((await w.app.say(ALEX, 'request infra-admin prod-eu --reason "on call"')).ok).toBe(true);
    const own = await w.app.say(ALEX, 'approve AR-1001');
    expect(own.outcome.result).toMatchObject({ ok: false, failure: { kind: 'denied' } });
    expect(own.text).toContain('nobody approves or denies their own request');
    expect(own.text).toContain('Megan Bowen');
    expect((await member(w.app, ALEX))?.roles['prod-eu']).toBe('member');
  });

  it('an Infra Admin of another infrastructure (Lee, for prod-eu) is refused, with who could instead', async () => {
    const w = await filed();
    const outboxBefore = (await w.app.data()).outbox.length;
    const r = await w.app.press(LEE, { name: 'approve', args: { id: 'AR-1001' } });
    expect(kind(r)).toBe('denied');
    expect(r.text).toContain('Megan Bowen');
    expect(r.outcome.reply.view.audience).toBe('caller');
    expect((await w.app.data()).outbox.length).toBe(outboxBefore);
    expect((await requestOf(w.app, 'AR-1001'))?.status).toBe('pending');
  });

  it('the first decision wins: a second press says who decided already and changes nothing', async () => {
    const w = await filed();
    expect((await w.app.press(MEGAN, { name: 'approve', args: { id: 'AR-1001' } })).ok).toBe(true);
    const before = await w.app.data();
    const again = await w.app.press(ALEX, { name: 'approve', args: { id: 'AR-1001' } });
    expect(kind(again)).toBe('conflict');
    expect(again.text).toContain('AR-1001 is already approved by Megan Bowen');
    const deny = await w.app.press(PRADEEP, { name: 'deny', args: { id: 'AR-1001' } });
    expect(deny.text).toContain('already approved');
    const after = await w.app.data();
    expect(after.audit.length).toBe(before.audit.length);
    expect(after.outbox.length).toBe(before.outbox.length);
  });

  it('Company Admin needs two distinct approvals: the same approver twice is refused, the card shows 1 of 2', async () => {
    const w = world();
    expect((await w.app.say(MEGAN, 'request company-admin --reason "cover for Alex"')).ok).toBe(true);
    await w.deliver();
    expect(cardsOf(w, 'direct').map((s) => s.to)).toEqual([ALEX, PRADEEP]);
    const first = await w.app.say(ALEX, 'approve AR-1001');
    expect(first.text).toContain('1 of 2');
    expect((await member(w.app, MEGAN))?.companyAdmin).toBe(false);
    await w.deliver();
    for (const u of cardsOf(w, 'update')) expect(viewWords(u.view)).toContain('Approvals: 1 of 2');
    const twice = await w.app.say(ALEX, 'approve AR-1001');
    expect(kind(twice)).toBe('denied');
    expect(twice.text).toContain('you already approved AR-1001; it waits for 1 more approval');
    expect((await requestOf(w.app, 'AR-1001'))?.approvals).toHaveLength(1);
    expect((await w.app.say(PRADEEP, 'approve AR-1001')).ok).toBe(true);
    expect((await member(w.app, MEGAN))?.companyAdmin).toBe(true);
    await w.deliver();
    expect(viewWords(cardsOf(w, 'update').at(-1)?.view)).toContain(
      'Approved by Alex Wilber and Pradeep Gupta',
    );
  });

  it('a decision from Teams updates the Slack copy and the Teams copy alike', async () => {
    const w = world();
    const teamsRef = {
      platform: 'teams' as const,
      serviceUrl: 'https://smba.test/',
      tenantId: '00000000-0000-0000-0000-0000000000001',
      conversationId: TEAMS_CHANNEL,
      botId: '28:bot',
      scope: 'channel' as const,
    };
    expect(await w.app.rememberConversation(null, teamsRef)).toBe(true);
    expect((await w.app.say(ALEX, 'settings approvals-channel C0APPROVALS --platform slack')).ok).toBe(true);
    const t = await w.app.say(ALEX, `settings approvals-channel ${TEAMS_CHANNEL} --platform teams`);
    expect(t.ok, t.text).toBe(true);
    await filed(w);
    expect(w.slack.sent.filter((s) => s.op === 'channel').map((s) => s.to)).toEqual(['C0APPROVALS']);
    expect(w.teams.sent.filter((s) => s.op === 'channel').map((s) => s.to)).toEqual([TEAMS_CHANNEL]);

    const fromTeams = await w.app.run(
      { chat: 'teams', tenantId: teamsRef.tenantId, aadObjectId: 'aad-megan', email: MEGAN },
      { kind: 'command', ref: { name: 'approve', args: { id: 'AR-1001' } } },
    );
    expect(fromTeams.result.ok).toBe(true);
    expect((await requestOf(w.app, 'AR-1001'))?.decision?.chat).toBe('teams');
    await w.deliver();
    const slackUpdate = w.slack.sent.filter((s) => s.op === 'update');
    const teamsUpdate = w.teams.sent.filter((s) => s.op === 'update');
    expect(slackUpdate).toHaveLength(1);
    expect(teamsUpdate).toHaveLength(1);
    for (const u of [...slackUpdate, ...teamsUpdate])
      expect(viewWords(u.view)).toContain('Approved by Megan Bowen');
    expect(w.slack.sent.filter((s) => s.op === 'reply')).toHaveLength(1);
    expect(w.teams.sent.filter((s) => s.op === 'reply')).toHaveLength(1);
  });
});

describe('while a request waits', () => {
  it('reminds the approvers with backoff: at 61 minutes, not again 61 minutes later, again after 240', async () => {
    const w = await filed();
    const reminders = () => cardsOf(w, 'direct').length - 3;
    w.app.clock.advance(61 * MINUTE);
    await w.deliver();
    expect(reminders()).toBe(3);
    expect(
      cardsOf(w, 'direct')
        .slice(3)
        .map((s) => s.to),
    ).toEqual([ALEX, PRADEEP, MEGAN]);
    w.app.clock.advance(61 * MINUTE);
    await w.deliver();
    expect(reminders()).toBe(3);
    w.app.clock.advance(180 * MINUTE); // 240 minutes after the first reminder
    await w.deliver();
    expect(reminders()).toBe(6);
    expect((await requestOf(w.app, 'AR-1001'))?.messages).toHaveLength(3);
  });

  it('the requester can cancel; the cards say so; nobody else can cancel it', async () => {
    const w = await filed();
    const other = await w.app.say(MEGAN, 'cancel-request AR-1001');
    expect(kind(other)).toBe('conflict');
    const r = await w.app.say(ADELE, 'cancel-request AR-1001');
    expect(r.ok, r.text).toBe(true);
    await w.deliver();
    for (const u of cardsOf(w, 'update')) expect(viewWords(u.view)).toContain('Cancelled by the requester');
    expect(kind(await w.app.say(MEGAN, 'approve AR-1001'))).toBe('conflict');
  });

  it('`requests` lists your own and the ones you may decide, and nothing else', async () => {
    const w = await filed();
    await w.app.say(GRADY, 'request infra-admin dev-eu --reason "own QA"');
    const adele = (await w.app.say(ADELE, 'requests')).text;
    expect(adele).toContain('AR-1001');
    expect(adele).not.toContain('AR-1002');
    const megan = (await w.app.say(MEGAN, 'requests')).text;
    expect(megan).toContain('AR-1001');
    expect(megan).toContain('Approve AR-1001');
    expect(megan).not.toContain('AR-1002');
    const lee = (await w.app.say(LEE, 'requests')).text;
    expect(lee).toContain('AR-1002');
    expect(lee).not.toContain('AR-1001');
    const alex = (await w.app.say(ALEX, 'requests')).text;
    expect(alex).toContain('AR-1001');
    expect(alex).toContain('AR-1002');
  });

  it('a missing reason or a duration over 30 days is refused with a clear message, and nothing is filed', async () => {
    const w = world();
    const noReason = await w.app.say(ADELE, 'request infra-admin prod-eu');
    expect(kind(noReason)).toBe('invalid');
    expect(noReason.text).toContain('--reason is missing');
    const tooLong = await w.app.say(ADELE, 'request infra-admin prod-eu --reason "x" --for 31d');
    expect(kind(tooLong)).toBe('invalid');
    expect(tooLong.text).toContain('at most 30d');
    expect((await company(w.app)).requests).toEqual([]);
  });
});

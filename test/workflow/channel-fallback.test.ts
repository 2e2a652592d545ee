// An approvals channel the bot is not in: the card goes to the approvers by DM, and whoever set the channel is told, once.
import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../src/app/chat-port.ts';
import { ADELE, ALEX, company, MEGAN, PRADEEP, viewWords, type World, world } from './harness.ts';

const TEAMS_CHANNEL = '19:approvals@thread.tacv2';
const notIn = (error: string): Delivery => ({ ok: false, retryable: false, error, notInChannel: true });

const directs = (w: World, email: string) => w.sent().filter((s) => s.op === 'direct' && s.to === email);
const cardsTo = (w: World, email: string) =>
  directs(w, email).filter((s) => viewWords(s.view).includes('Access request AR-'));
const noticesTo = (w: World, email: string) =>
  directs(w, email).filter((s) => viewWords(s.view).includes('could not post access request'));

async function setSlackChannel(w: World, who = ALEX) {
  expect((await w.app.say(who, 'settings approvals-channel C0NOTIN --platform slack')).ok).toBe(true);
}
async function adeleAsks(w: World, infra = 'prod-eu') {
  const r = await w.app.say(ADELE, `request infra-admin ${infra} --reason "hotfix"`);
  expect(r.ok, r.text).toBe(true);
}

describe('an approvals channel the bot is not in', () => {
  it('Slack not_in_channel: the approvers get the card by DM, and whoever set the channel hears why', async () => {
    const w = world();
    await setSlackChannel(w);
    await adeleAsks(w);
    w.slack.failNext.push(notIn('not_in_channel'));
    await w.deliver();
    expect(w.slack.sent.filter((s) => s.op === 'channel')).toEqual([]);
    await w.deliver();
    // Alex and Pradeep (Company Admins) and Megan (Infra Admin of prod-eu) may decide.
    for (const who of [ALEX, PRADEEP, MEGAN]) expect(cardsTo(w, who), who).toHaveLength(1);
    expect(cardsTo(w, ADELE)).toHaveLength(0);
    const [told] = noticesTo(w, ALEX);
    expect(viewWords(told?.view)).toContain('C0NOTIN on Slack (not_in_channel)');
    expect(viewWords(told?.view)).toContain('settings approvals-channel');
    expect(noticesTo(w, PRADEEP)).toEqual([]);
    const posted = (await w.app.data()).outbox.find((x) => x.key === 'request:AR-1001:post:slack');
    expect(posted).toMatchObject({ status: 'failed', lastError: 'not_in_channel' });
  });

  it('tells whoever set the channel once, however many requests fall back after', async () => {
    const w = world();
    await setSlackChannel(w, PRADEEP);
    await adeleAsks(w);
    w.slack.failNext.push(notIn('not_in_channel'));
    await w.deliver();
    await w.deliver();
    await adeleAsks(w, 'dev-eu');
    w.slack.failNext.push(notIn('not_in_channel'));
    await w.deliver();
    await w.deliver();
    expect(noticesTo(w, PRADEEP)).toHaveLength(1);
    expect(noticesTo(w, ALEX)).toHaveLength(0);
    // The second request reached its own approvers by DM too (Lee is Infra Admin of dev-eu).
    expect(cardsTo(w, 'leeg@example.com')).toHaveLength(1);
  });

  it('setting the channel again is a new setting: a new failure is told again', async () => {
    const w = world();
    await setSlackChannel(w);
    await adeleAsks(w);
    w.slack.failNext.push(notIn('not_in_channel'));
    await w.deliver();
    await w.deliver();
    await setSlackChannel(w);
    await adeleAsks(w, 'dev-eu');
    w.slack.failNext.push(notIn('not_in_channel'));
    await w.deliver();
    await w.deliver();
    expect(noticesTo(w, ALEX)).toHaveLength(2);
  });

  it('Teams: a channel the bot was removed from (403) falls back the same way', async () => {
    const w = world();
    const ref = {
      platform: 'teams' as const,
      serviceUrl: 'https://smba.test/',
      tenantId: '00000000-0000-0000-0000-0000000000001',
      conversationId: TEAMS_CHANNEL,
      botId: '28:bot',
      scope: 'channel' as const,
    };
    expect(await w.app.rememberConversation(null, ref)).toBe(true);
    const set = await w.app.say(ALEX, `settings approvals-channel ${TEAMS_CHANNEL} --platform teams`);
    expect(set.ok, set.text).toBe(true);
    await adeleAsks(w);
    w.teams.failNext.push(notIn('teams 403 BotNotInConversationRoster'));
    await w.deliver();
    await w.deliver();
    for (const who of [ALEX, PRADEEP, MEGAN]) expect(cardsTo(w, who), who).toHaveLength(1);
    expect(viewWords(noticesTo(w, ALEX)[0]?.view)).toContain(`${TEAMS_CHANNEL} on Teams`);
  });

  it('another failure that is not about membership does not fall back (it is retried or fails as before)', async () => {
    const w = world();
    await setSlackChannel(w);
    await adeleAsks(w);
    w.slack.failNext.push({ ok: false, retryable: false, error: 'invalid_blocks' });
    await w.deliver();
    await w.deliver();
    expect(cardsTo(w, MEGAN)).toEqual([]);
    expect(noticesTo(w, ALEX)).toEqual([]);
  });

  it('a request decided before the fallback sends no cards, but the setter still hears of the channel', async () => {
    const w = world();
    await setSlackChannel(w);
    await adeleAsks(w);
    expect((await w.app.say(MEGAN, 'approve AR-1001')).ok).toBe(true);
    w.slack.failNext.push(notIn('channel_not_found'));
    await w.deliver();
    await w.deliver();
    expect(cardsTo(w, PRADEEP)).toEqual([]);
    expect(noticesTo(w, ALEX)).toHaveLength(1);
    expect((await company(w.app)).requests[0]?.status).toBe('approved');
  });
});

// Conversation references are remembered per member and channel; the Teams ChatPort reaches them and reports failures.
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectorFailure } from '../../adapters/teams/port.ts';
import { directTarget } from '../../src/app/conversations.ts';
import { textBlock, view } from '../../src/views/view.ts';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import {
  BOT,
  CHANNEL,
  cardOf,
  FOREIGN_TENANT,
  fixture,
  GROUP_CHAT,
  type Harness,
  PERSONAL_CHAT,
  SERVICE,
  startTeams,
  TENANT,
  type TeamsUser,
  textOf,
} from './harness.ts';
import { nockMicrosoft, OUTBOUND_TOKEN } from './tokens.ts';

let app: TestApp;
let teams: Harness;
beforeEach(async () => {
  app = memoryApp();
  teams = await startTeams(app);
});
afterEach(async () => {
  await teams.close();
});

const conversations = async () => (await app.data()).conversations;
const ref = (conversationId: string, scope: 'personal' | 'channel' | 'groupChat') => ({
  platform: 'teams',
  serviceUrl: SERVICE,
  tenantId: TENANT,
  conversationId,
  botId: BOT,
  scope,
});

/** The real "bot added to a team" payload, in the demo tenant and our nock'd service URL. */
function botAddedToTeam(tenant = TENANT) {
  const raw = fixture('teams-conversationUpdate.bot-added-to-team.docs-example');
  return {
    ...raw,
    serviceUrl: SERVICE,
    recipient: { id: BOT, name: 'Portal' },
    membersAdded: [{ id: BOT }],
    conversation: { ...(raw.conversation as object), tenantId: tenant },
    channelData: { ...(raw.channelData as object), tenant: { id: tenant } },
  };
}

describe('conversation references for proactive messages', () => {
  it('a personal message remembers the member’s personal chat, as our own JSON', async () => {
    await teams.say('MEGAN', 'whoami');
    await teams.waitForSent(1);
    expect(await conversations()).toEqual([
      {
        companyId: 'contoso',
        memberEmail: 'meganb@example.com',
        ref: ref(PERSONAL_CHAT, 'personal'),
        updatedAt: expect.any(String),
      },
    ]);
  });

  it('a channel @mention remembers the channel itself, not the thread', async () => {
    await teams.say('ALEX', 'whoami', { scope: 'channel' });
    await teams.say('ALEX', 'whoami', { scope: 'groupChat' });
    await teams.waitForSent(2);
    expect((await conversations()).map((c) => [c.memberEmail, c.ref])).toEqual([
      [undefined, ref(CHANNEL, 'channel')],
      [undefined, ref(GROUP_CHAT, 'groupChat')],
    ]);
  });

  it('the bot added to a team (the real payload) remembers the channel, with no message sent', async () => {
    expect((await teams.post(botAddedToTeam())).status).toBe(200);
    expect((await conversations()).map((c) => c.ref)).toEqual([
      { ...ref('19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2', 'channel') },
    ]);
    expect(teams.sent).toEqual([]);
  });

  it('the bot installed in a personal chat remembers it for that member', async () => {
    const u = teams.users.ADELE as TeamsUser;
    await teams.post({
      type: 'installationUpdate',
      action: 'add',
      id: 'install-1',
      channelId: 'msteams',
      serviceUrl: SERVICE,
      from: { id: u.id, aadObjectId: u.objectId },
      recipient: { id: BOT, name: 'Portal' },
      conversation: { conversationType: 'personal', tenantId: TENANT, id: PERSONAL_CHAT },
      channelData: { tenant: { id: TENANT } },
    });
    expect((await conversations()).map((c) => c.memberEmail)).toEqual(['adelev@example.com']);
  });

  it('nothing is remembered for a tenant no company is mapped to, or for a guest', async () => {
    await teams.post(botAddedToTeam(FOREIGN_TENANT));
    teams.users.ADELE = { ...(teams.users.ADELE as TeamsUser), userRole: 'guest' };
    await teams.say('ADELE', 'whoami');
    await teams.waitForSent(1);
    expect(await conversations()).toEqual([]);
  });

  it('the same chat again writes nothing new', async () => {
    await teams.say('MEGAN', 'whoami');
    await teams.waitForSent(1);
    const first = await conversations();
    await teams.say('MEGAN', 'team');
    await teams.waitForSent(2);
    expect(await conversations()).toEqual(first);
  });
});

describe('the Teams ChatPort', () => {
  const notice = view([textBlock('Your access to prod-eu was approved.')], { tone: 'success' });

  it('sends a direct message through the member’s stored personal chat, and updates it in place', async () => {
    await teams.say('MEGAN', 'whoami');
    await teams.waitForSent(1);
    const target = directTarget(await app.data(), 'contoso', 'meganb@example.com');
    const delivery = await teams.adapter.port.sendDirect(target as NonNullable<typeof target>, notice);
    expect(delivery).toEqual({
      ok: true,
      ref: { platform: 'teams', conversation: ref(PERSONAL_CHAT, 'personal'), activityId: 'sent-2' },
    });
    const sent = teams.sent[1];
    expect(sent).toMatchObject({ method: 'POST', conversation: PERSONAL_CHAT });
    expect(textOf(cardOf(sent))).toContain('approved');
    expect(sent?.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);

    if (!delivery.ok) throw new Error('unreachable');
    const updated = await teams.adapter.port.update(
      delivery.ref,
      view([textBlock('Approved, and now used.')]),
    );
    expect(updated.ok).toBe(true);
    expect(teams.sent[2]).toMatchObject({ method: 'PUT', conversation: PERSONAL_CHAT, activityId: 'sent-2' });
  });

  it('a member never seen in Teams is unreachable there', async () => {
    const target = directTarget(await app.data(), 'contoso', 'leeg@example.com');
    expect(await teams.adapter.port.sendDirect(target as NonNullable<typeof target>, notice)).toEqual({
      ok: false,
      retryable: false,
      error: 'unreachable',
    });
    expect(teams.sent).toEqual([]);
  });

  it('posts to a stored channel', async () => {
    const delivery = await teams.adapter.port.sendChannel(
      { platform: 'teams', conversation: ref(CHANNEL, 'channel') as never },
      notice,
    );
    expect(delivery.ok).toBe(true);
    expect(teams.sent[0]).toMatchObject({ method: 'POST', conversation: CHANNEL });
  });

  it('replies in a channel message’s thread, and below a message in a chat', async () => {
    const channel = {
      platform: 'teams' as const,
      conversation: ref(CHANNEL, 'channel') as never,
      activityId: '1700',
    };
    const chat = {
      platform: 'teams' as const,
      conversation: ref(GROUP_CHAT, 'groupChat') as never,
      activityId: '1800',
    };
    expect((await teams.adapter.port.reply?.(channel, notice))?.ok).toBe(true);
    expect((await teams.adapter.port.reply?.(chat, notice))?.ok).toBe(true);
    expect(teams.sent.map((s) => s.conversation)).toEqual([`${CHANNEL};messageid=1700`, GROUP_CHAT]);
  });

  it('a Slack target is not for this port', async () => {
    expect(await teams.adapter.port.sendChannel({ platform: 'slack', channel: 'C1' }, notice)).toMatchObject({
      ok: false,
      retryable: false,
    });
  });

  it('a conversation the bot was removed from (403) is a failure not worth retrying', async () => {
    nock.cleanAll();
    nockMicrosoft();
    nock('https://smba.test')
      .post(/\/activities/)
      .reply(403, { error: { code: 'BotNotInConversationRoster' } });
    const d = await teams.adapter.port.sendChannel(
      { platform: 'teams', conversation: ref(CHANNEL, 'channel') as never },
      notice,
    );
    expect(d).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('403') });
    expect(teams.logs.at(-1)).toMatchObject({ event: 'teams-api-failed' });
  });
});

describe('connector failures as deliveries', () => {
  const restError = (statusCode: number, retryAfter?: string) => ({
    name: 'RestError',
    statusCode,
    code: 'E',
    response: { headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) } },
  });

  it.each([
    [restError(429, '7'), { retryable: true, retryAfterMs: 7000 }],
    [restError(503), { retryable: true }],
    [restError(404), { retryable: false, notInChannel: true }],
    [restError(403), { retryable: false, notInChannel: true }],
    [
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      { retryable: true, error: 'ECONNRESET' },
    ],
  ])('%#: %o', (e, expected) => {
    expect(connectorFailure(e)).toMatchObject({ ok: false, ...expected });
  });

  it('only a 403 or 404 says the bot is not in the conversation', () => {
    expect(connectorFailure(restError(400))).not.toHaveProperty('notInChannel');
    expect(connectorFailure(restError(500))).not.toHaveProperty('notInChannel');
  });
});

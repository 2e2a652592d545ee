// The Slack chat port against Slack's Web API (nock): DMs, channel posts, updates, thread replies, failures mapped.
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackPort, toDelivery } from '../../adapters/slack/port.ts';
import { createSlackAdapter } from '../../adapters/slack/slack-app.ts';
import type { DirectTarget } from '../../src/app/chat-port.ts';
import { textBlock, view } from '../../src/views/view.ts';
import { memoryApp } from '../fakes/app.ts';

const API = 'http://slack.test';
const hello = view([textBlock('Hello <!channel>')]);
const adele: DirectTarget = {
  companyId: 'contoso',
  email: 'adelev@example.com',
  slack: { teamId: 'T0000DEMO', userId: 'UADELE' },
  slackTeamIds: ['T0000DEMO'],
};

function port() {
  const adapter = createSlackAdapter(
    memoryApp(),
    { signingSecret: 's', botToken: 'xoxb-t', apiUrl: `${API}/api/` },
    { log: () => {}, botId: 'B', botUserId: 'U0BOT' },
  );
  return slackPort(adapter.bolt.client);
}

const form = (body: unknown) => Object.fromEntries(new URLSearchParams(String(body)));

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('the Slack chat port', () => {
  it('a DM opens the conversation with the bound user and posts escaped blocks there', async () => {
    const posted: Array<Record<string, string>> = [];
    nock(API)
      .post('/api/conversations.open')
      .reply(200, (_u, b) => ({ ok: true, channel: { id: `D-${form(b).users}` } }));
    nock(API)
      .post('/api/chat.postMessage')
      .reply(200, (_u, b) => {
        posted.push(form(b));
        return { ok: true, channel: 'D-UADELE', ts: '171.1' };
      });
    const d = await port().sendDirect(adele, hello);
    expect(d).toEqual({ ok: true, ref: { platform: 'slack', channel: 'D-UADELE', ts: '171.1' } });
    expect(posted[0]?.channel).toBe('D-UADELE');
    expect(posted[0]?.blocks).toContain('&lt;!channel&gt;');
    expect(posted[0]?.unfurl_links).toBe('false');
  });

  it('an unbound member is found by email; one Slack does not know is unreachable', async () => {
    nock(API)
      .post('/api/users.lookupByEmail')
      .reply(200, { ok: true, user: { id: 'UANA' } });
    nock(API)
      .post('/api/conversations.open')
      .reply(200, { ok: true, channel: { id: 'D-UANA' } });
    nock(API).post('/api/chat.postMessage').reply(200, { ok: true, channel: 'D-UANA', ts: '1.1' });
    const p = port();
    expect(
      (await p.sendDirect({ companyId: 'c', email: 'ana@example.com', slackTeamIds: ['T'] }, hello)).ok,
    ).toBe(true);
    nock(API).post('/api/users.lookupByEmail').reply(200, { ok: false, error: 'users_not_found' });
    expect(
      await p.sendDirect({ companyId: 'c', email: 'zed@example.com', slackTeamIds: ['T'] }, hello),
    ).toEqual({
      ok: false,
      retryable: false,
      error: 'unreachable',
    });
  });

  it('a Slack 500 and then a 429 are retried, and the message is delivered once', async () => {
    let delivered = 0;
    nock(API)
      .post('/api/conversations.open')
      .reply(200, { ok: true, channel: { id: 'D1' } });
    nock(API).post('/api/chat.postMessage').reply(500, 'oops');
    nock(API)
      .post('/api/chat.postMessage')
      .reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
    nock(API)
      .post('/api/chat.postMessage')
      .reply(200, () => {
        delivered++;
        return { ok: true, channel: 'D1', ts: '2.2' };
      });
    const d = await port().sendDirect(adele, hello);
    expect(d.ok).toBe(true);
    expect(delivered).toBe(1);
  });

  it('updates a posted card in place and replies in its thread', async () => {
    const calls: Array<[string, Record<string, string>]> = [];
    nock(API)
      .post('/api/chat.update')
      .reply(200, (_u, b) => {
        calls.push(['update', form(b)]);
        return { ok: true };
      });
    nock(API)
      .post('/api/chat.postMessage')
      .reply(200, (_u, b) => {
        calls.push(['reply', form(b)]);
        return { ok: true, channel: 'C1', ts: '9.9' };
      });
    const p = port();
    const ref = { platform: 'slack', channel: 'C1', ts: '5.5' } as const;
    expect(await p.update(ref, hello)).toEqual({ ok: true, ref });
    expect((await p.reply?.(ref, hello))?.ok).toBe(true);
    expect(calls[0]).toEqual(['update', expect.objectContaining({ channel: 'C1', ts: '5.5' })]);
    expect(calls[1]?.[1]).toMatchObject({ channel: 'C1', thread_ts: '5.5' });
  });

  it('maps Slack errors: permanent ones are not retried, rate limits carry their wait', () => {
    expect(toDelivery({ code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } })).toEqual(
      {
        ok: false,
        retryable: false,
        error: 'channel_not_found',
        notInChannel: true,
      },
    );
    expect(toDelivery({ code: 'slack_webapi_platform_error', data: { error: 'not_in_channel' } })).toEqual({
      ok: false,
      retryable: false,
      error: 'not_in_channel',
      notInChannel: true,
    });
    expect(
      toDelivery({ code: 'slack_webapi_platform_error', data: { error: 'invalid_blocks' } }),
    ).not.toHaveProperty('notInChannel');
    expect(toDelivery({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 })).toEqual({
      ok: false,
      retryable: true,
      error: 'ratelimited',
      retryAfterMs: 7000,
    });
    expect(toDelivery({ code: 'slack_webapi_request_error', message: 'ECONNRESET' })).toMatchObject({
      retryable: true,
    });
  });
});

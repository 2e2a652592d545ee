// Slack: hostile text renders inert; Web API errors and rate limits are retried or reported, never swallowed.
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import { API, type Harness, shown, startSlack } from './harness.ts';

let app: TestApp;
let slack: Harness;
beforeEach(async () => {
  app = memoryApp((d) => {
    const adele = d.companies[0]?.members.find((m) => m.email === 'adelev@example.com');
    if (adele) adele.name = '<!channel> *boss* <@U123> <https://evil.example|click> & co';
  });
  slack = await startSlack(app);
});
afterEach(async () => {
  await slack.close();
});

describe('escaping', () => {
  it('a hostile name cannot ping the channel, mention a user or spoof a link', async () => {
    await slack.slash('UALEX', 'who admins prod-eu');
    await slack.slash('UALEX', 'team --infra prod-eu');
    const sent = await slack.waitForSent(2);
    const team = shown(sent[1]);
    expect(team).toContain('&lt;!channel&gt;');
    expect(team).toContain('&lt;@U123&gt;');
    expect(team).toContain('&lt;https://evil.example|click&gt;');
    expect(team).toContain('&amp; co');
    expect(team).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil/);
  });

  it('a hostile case title stays text', async () => {
    await slack.slash('UADELE', 'case open prod-eu "<!here> see <https://evil.example|docs>"');
    const [answer] = await slack.waitForSent(1);
    expect(shown(answer)).toContain('&lt;!here&gt;');
    expect(shown(answer)).not.toContain('<!here>');
  });

  it('no message asks Slack to parse names or unfurl', async () => {
    await slack.event({
      type: 'message',
      channel_type: 'im',
      user: 'UALEX',
      text: 'team',
      channel: 'D0ALEX',
      ts: '1.1',
    });
    const [answer] = await slack.waitForSent(1);
    expect(answer?.body.link_names).toBeUndefined();
    expect(answer?.body.parse).toBeUndefined();
    expect(answer?.body.unfurl_links).toBe('false');
  });
});

describe('Web API failures', () => {
  it('a 429 is waited out and the message delivered once', async () => {
    nock.cleanAll();
    const hits: string[] = [];
    nock(API)
      .persist()
      .post('/api/users.info')
      .reply(200, {
        ok: true,
        user: {
          id: 'UALEX',
          team_id: 'T0000DEMO',
          is_email_confirmed: true,
          profile: { email: 'alexw@example.com' },
        },
      });
    nock(API)
      .post('/api/chat.postMessage')
      .reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
    nock(API)
      .post('/api/chat.postMessage')
      .reply(200, (_u, body) => {
        hits.push(String(body));
        return { ok: true, ts: '1.2' };
      });
    await slack.event({
      type: 'message',
      channel_type: 'im',
      user: 'UALEX',
      text: 'whoami',
      channel: 'D0ALEX',
      ts: '1.1',
    });
    for (let i = 0; i < 300 && hits.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(hits).toHaveLength(1);
  });

  it('a Web API error is logged and the user told, not swallowed', async () => {
    nock.cleanAll();
    nock(API)
      .persist()
      .post('/api/users.info')
      .reply(200, {
        ok: true,
        user: {
          id: 'UALEX',
          team_id: 'T0000DEMO',
          is_email_confirmed: true,
          profile: { email: 'alexw@example.com' },
        },
      });
    nock(API).post('/api/chat.postEphemeral').reply(200, { ok: false, error: 'channel_not_found' });
    const told: string[] = [];
    nock(API)
      .post('/api/chat.postMessage')
      .reply(200, (_u, body) => {
        told.push(String(body));
        return { ok: true };
      });
    await slack.event({
      type: 'app_mention',
      user: 'UALEX',
      text: '<@U0BOT> whoami',
      channel: 'C404',
      ts: '1.1',
    });
    for (let i = 0; i < 200 && told.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(
      slack.logs.some((l) => l.event === 'slack-api-failed' && l.detail?.error === 'channel_not_found'),
    ).toBe(true);
    expect(decodeURIComponent(told[0] ?? '')).toContain('channel_not_found');
  });

  it('logs never hold the bot token or the signing secret', async () => {
    nock.cleanAll();
    nock(API).persist().post('/api/users.info').reply(500);
    await slack.slash('UALEX', 'whoami');
    for (let i = 0; i < 300 && slack.logs.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const logged = JSON.stringify(slack.logs);
    expect(logged).not.toContain('xoxb-test-token');
    expect(logged).not.toContain('test-signing-secret');
  });
});

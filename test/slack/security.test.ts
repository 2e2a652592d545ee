// Slack: nothing unsigned, stale, future, altered or malformed gets in; nothing changes when it is refused.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seenKeys } from '../../src/domain/seen.ts';
import { fileApp } from '../fakes/app.ts';
import { type Harness, SECRET, sign, startSlack } from './harness.ts';

let app: Awaited<ReturnType<typeof fileApp>>;
let slack: Harness;
beforeEach(async () => {
  app = await fileApp();
  slack = await startSlack(app);
});
afterEach(async () => {
  await slack.close();
  await app.cleanup();
});

const body = new URLSearchParams({
  team_id: 'T0000DEMO',
  channel_id: 'C0GENERAL',
  user_id: 'UALEX',
  command: '/portal',
  text: 'remove adelev@example.com',
  response_url: 'https://hooks.slack.com/commands/T/1/x',
  trigger_id: 'trig.sec.1',
}).toString();

/** Refused: 401 (or 400), no call to Slack, and the store file byte-for-byte as it was. */
async function expectRefused(send: () => Promise<{ status: number }>, status = 401) {
  const before = await app.bytes();
  expect((await send()).status).toBe(status);
  await new Promise((r) => setTimeout(r, 50));
  expect(slack.sent).toHaveLength(0);
  expect((await app.bytes()).equals(before)).toBe(true);
}

describe('request signatures', () => {
  it('a correctly signed request is accepted (the control case)', async () => {
    expect((await slack.post(body)).status).toBe(200);
    await slack.waitForSent(1);
  });

  it('no signature at all', () => expectRefused(() => slack.post(body, { sign: false })));

  it('a signature made with another secret', () =>
    expectRefused(() => slack.post(body, { secret: 'not-the-secret' })));

  it('a truncated signature', () =>
    expectRefused(() => {
      const ts = slack.now.seconds;
      return slack.post(body, {
        sign: false,
        headers: {
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': sign(SECRET, ts, body).slice(0, 40),
        },
      });
    }));

  it('a body changed by one byte after signing', () =>
    expectRefused(() => {
      const ts = slack.now.seconds;
      const signature = sign(SECRET, ts, body);
      return slack.post(body.replace('adelev', 'adelew'), {
        sign: false,
        headers: { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature },
      });
    }));

  it('a stale timestamp (six minutes old)', () =>
    expectRefused(() => slack.post(body, { ts: slack.now.seconds - 360 })));

  it('a timestamp six minutes in the future', () =>
    expectRefused(() => slack.post(body, { ts: slack.now.seconds + 360 })));

  it('a malformed timestamp', () =>
    expectRefused(() =>
      slack.post(body, {
        sign: false,
        headers: { 'x-slack-request-timestamp': 'soon', 'x-slack-signature': 'v0=00' },
      }),
    ));

  it('an unknown signature version', () =>
    expectRefused(() => {
      const ts = slack.now.seconds;
      return slack.post(body, {
        sign: false,
        headers: {
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': sign(SECRET, ts, body).replace('v0=', 'v1='),
        },
      });
    }));

  it('an unsigned ssl_check is not answered as Slack would be', () =>
    expectRefused(() => slack.post('ssl_check=1&token=x', { sign: false })));

  it('an unsigned url_verification gets no challenge back', async () => {
    const r = await slack.post(JSON.stringify({ type: 'url_verification', challenge: 'abc' }), {
      sign: false,
      contentType: 'application/json',
    });
    expect(r.status).toBe(401);
    expect(r.text).not.toContain('abc');
  });

  it('a signed url_verification is answered with its challenge', async () => {
    const r = await slack.post(JSON.stringify({ type: 'url_verification', challenge: 'abc' }), {
      contentType: 'application/json',
    });
    expect(JSON.parse(r.text)).toEqual({ challenge: 'abc' });
  });

  it('a signed but malformed body is a 400 with no change', () =>
    expectRefused(() => slack.post('payload=%7Bnot-json', {}), 400));

  it('a signed JSON body that is not an object is a 400', () =>
    expectRefused(() => slack.post('[1,2,3]', { contentType: 'application/json' }), 400));

  it('only POST is accepted', async () => {
    const r = await fetch(slack.url);
    expect(r.status).toBe(405);
  });

  it('the real Slack signing test vector verifies (and only with its own secret)', async () => {
    const { verifySignature } = await import('../../adapters/slack/receiver.ts');
    const { readFileSync } = await import('node:fs');
    const fx = JSON.parse(
      readFileSync(
        new URL('../fixtures/platform-payloads/slack-slash_command.signed-request.json', import.meta.url),
        'utf8',
      ),
    );
    const headers = {
      timestamp: fx.headers['x-slack-request-timestamp'],
      signature: fx.headers['x-slack-signature'],
    };
    const at = Number(headers.timestamp);
    expect(verifySignature(fx.signingSecret, headers, fx.rawBody, at + 10)).toEqual({ ok: true });
    expect(verifySignature('another', headers, fx.rawBody, at + 10).ok).toBe(false);
    expect(verifySignature(fx.signingSecret, headers, fx.rawBody, at + 301)).toEqual({
      ok: false,
      reason: 'timestamp outside the five-minute window',
    });
  });
});

describe('retries and replays', () => {
  it('a slash command retried with x-slack-retry-num, or replayed, changes state once', async () => {
    await slack.slash('UALEX', 'grant access gradya@example.com prod-eu', { trigger: 'trig.once' });
    await slack.waitForSent(1);
    await slack.slash('UALEX', 'revoke access gradya@example.com prod-eu');
    await slack.waitForSent(2);
    await slack.slash('UALEX', 'grant access gradya@example.com prod-eu', {
      trigger: 'trig.once',
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    const sent = await slack.waitForSent(3);
    expect(JSON.stringify(sent[2]?.body)).toContain('already done');
    const gradya = (await app.disk()).companies[0]?.members.find((m) => m.email === 'gradya@example.com');
    expect(gradya?.roles['prod-eu']).toBeUndefined();
  });

  it('an event delivered twice (same event_id) changes state once, even after a restart of the store', async () => {
    const mention = {
      type: 'app_mention',
      user: 'UALEX',
      text: '<@U0BOT> grant access gradya@example.com hybrid-ap',
      channel: 'C1',
      ts: '5.5',
    };
    await slack.event(mention, { eventId: 'Ev-ONCE' });
    await slack.waitForSent(1);
    const saved = await app.disk();
    expect(seenKeys(saved.seen)).toContain('slack:event:Ev-ONCE');
    await slack.event(mention, { eventId: 'Ev-ONCE', headers: { 'x-slack-retry-num': '1' } });
    await slack.waitForSent(2);
    const { audit } = await app.disk();
    expect(audit.filter((e) => e.action === 'role.change')).toHaveLength(1);
  });
});

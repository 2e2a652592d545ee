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
  text: 'remove adelev@example.com --confirm',
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

  it('an event delivered twice (same event_id) changes state once and is answered once, even after a restart', async () => {
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
    expect(
      (await slack.event(mention, { eventId: 'Ev-ONCE', headers: { 'x-slack-retry-num': '1' } })).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(slack.sent).toHaveLength(1);
    expect(slack.logs.some((l) => l.event === 'slack-retry-ignored')).toBe(true);
    // A new adapter over the same store (a restart): it has not seen the event, the store has.
    await slack.close();
    slack = await startSlack(app);
    expect(
      (await slack.event(mention, { eventId: 'Ev-ONCE', headers: { 'x-slack-retry-num': '2' } })).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(slack.sent).toHaveLength(0);
    const { audit } = await app.disk();
    expect(audit.filter((e) => e.action === 'role.change')).toHaveLength(1);
  });

  it('a read retried with the same event_id is not answered twice', async () => {
    const dm = {
      type: 'message',
      channel_type: 'im',
      user: 'UALEX',
      text: 'whoami',
      channel: 'D1',
      ts: '6.6',
    };
    await slack.event(dm, { eventId: 'Ev-READ' });
    await slack.waitForSent(1);
    await slack.event(dm, { eventId: 'Ev-READ', headers: { 'x-slack-retry-num': '1' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(slack.sent).toHaveLength(1);
  });
});

describe('signed payloads of the wrong shape', () => {
  const form = (payload: unknown) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const press = {
    type: 'block_actions',
    team: { id: 'T0000DEMO' },
    user: { id: 'UALEX', team_id: 'T0000DEMO' },
    trigger_id: 't.1',
    response_url: 'https://hooks.slack.com/actions/x/y/z',
    container: { type: 'message', message_ts: '1.1' },
    actions: [
      {
        action_id: 'portal:remove:1',
        block_id: 'b',
        type: 'button',
        value: JSON.stringify({ c: 'remove', a: { email: 'adelev@example.com' } }),
      },
    ],
  };

  /** Answered 4xx with a message that names what is wrong; nothing sent, nothing stored. */
  async function refused(raw: string, names: string, contentType?: string) {
    const before = await app.bytes();
    const r = await slack.post(raw, contentType ? { contentType } : {});
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).error).toContain(names);
    await new Promise((res) => setTimeout(res, 50));
    expect(slack.sent).toHaveLength(0);
    expect((await app.bytes()).equals(before)).toBe(true);
    expect(slack.logs.some((l) => l.event === 'slack-payload-refused')).toBe(true);
  }

  it('a block_actions without a user is a 400 naming it, not a 500', () =>
    refused(form({ ...press, user: undefined }), 'user'));
  it('a block_actions whose user has no id', () => refused(form({ ...press, user: {} }), 'user.id'));
  it('a block_actions with no actions', () => refused(form({ ...press, actions: [] }), 'actions'));
  it('a block_actions whose value is not text', () =>
    refused(
      form({ ...press, actions: [{ ...press.actions[0], value: { c: 'remove' } }] }),
      'actions.0.value',
    ));
  it('a view_submission without its view', () =>
    refused(form({ type: 'view_submission', user: { id: 'UALEX' } }), 'view'));
  it('an app_mention without text', () =>
    refused(
      JSON.stringify({
        type: 'event_callback',
        team_id: 'T0000DEMO',
        event_id: 'Ev-x',
        event: { type: 'app_mention', user: 'UALEX', channel: 'C1' },
      }),
      'text',
      'application/json',
    ));
  it('an event without an event_id', () =>
    refused(
      JSON.stringify({ type: 'event_callback', team_id: 'T0000DEMO', event: { type: 'app_mention' } }),
      'event_id',
      'application/json',
    ));
  it('a slash command without a user', () =>
    refused(
      new URLSearchParams({ command: '/portal', text: 'team', team_id: 'T0000DEMO' }).toString(),
      'user_id',
    ));
  it('a payload of a type we do not handle', () =>
    refused(form({ type: 'dialog_submission' }), 'not a Slack payload'));

  it('an interaction we have no listener for (view_closed) is acknowledged and ignored', async () => {
    const r = await slack.post(form({ type: 'view_closed', user: { id: 'UALEX' } }));
    expect(r.status).toBe(200);
    expect(slack.sent).toHaveLength(0);
  });

  it('the same press, well formed, is acted on (the control case)', async () => {
    expect((await slack.post(form(press))).status).toBe(200);
    await slack.waitForSent(1);
  });
});

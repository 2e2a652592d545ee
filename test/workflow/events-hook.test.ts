// POST /hooks/events: a signed, fresh, new and well-formed event is queued; anything else is refused and queues nothing.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventsHook, MAX_SKEW_SECONDS, signHook } from '../../src/app/events-hook.ts';
import { createHttpServer } from '../../src/app/server.ts';
import { seenKeys } from '../../src/domain/seen.ts';
import type { TestApp } from '../fakes/app.ts';
import { DIEGO, MEGAN, MINUTE, world } from './harness.ts';

const SECRET = 'hook-secret';

let app: TestApp;
let server: Server;
let url: string;
let queuedSignals = 0;

beforeEach(async () => {
  app = world().app;
  queuedSignals = 0;
  const route = eventsHook(app, SECRET, { onQueued: () => queuedSignals++ });
  server = createHttpServer(app, { '/hooks/events': route });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/events`;
});
afterEach(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

const nowSeconds = () => Math.floor(app.clock.now().getTime() / 1000);

type Post = { body: string; ts?: number; secret?: string; headers?: Record<string, string> | null };
async function post({ body, ts = nowSeconds(), secret = SECRET, headers }: Post) {
  const signed = { 'x-portal-timestamp': String(ts), 'x-portal-signature': signHook(secret, ts, body) };
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(headers === null ? {} : (headers ?? signed)) },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const event = (e: unknown, id = 'evt-1', company = 'contoso') => JSON.stringify({ id, company, event: e });
const MAINTENANCE = event({ type: 'maintenance', infra: 'prod-eu', text: 'Saturday 02:00 UTC: upgrade' });

/** What a refusal must leave alone: the outbox, the replay keys and the audit trail. */
const snapshot = async () => {
  const d = await app.data();
  return { outbox: d.outbox.length, seen: seenKeys(d.seen), audit: d.audit.length };
};

describe('accepted', () => {
  it('a signed maintenance event for prod-eu is queued for its Infra Admin: 202 {queued: 1}', async () => {
    const r = await post({ body: MAINTENANCE });
    expect(r).toEqual({ status: 202, json: { queued: 1 } });
    const d = await app.data();
    expect(d.outbox.map((x) => (x.to.kind === 'member' ? x.to.email : '?'))).toEqual([MEGAN]);
    expect(seenKeys(d.seen)).toEqual(['hook:contoso:evt-1']);
    expect(d.audit.at(-1)).toMatchObject({
      actor: 'events hook',
      action: 'notice.maintenance',
      target: 'evt-1',
    });
    expect(queuedSignals).toBe(1);
  });

  it('a timestamp just inside the window is accepted', async () => {
    const r = await post({ body: MAINTENANCE, ts: nowSeconds() - MAX_SKEW_SECONDS });
    expect(r.status).toBe(202);
  });

  it('a security event reaches the security contacts', async () => {
    const r = await post({ body: event({ type: 'security', text: 'Rotate your API keys' }) });
    expect(r).toEqual({ status: 202, json: { queued: 2 } });
    const to = (await app.data()).outbox.map((x) => (x.to.kind === 'member' ? x.to.email : '?'));
    expect(to.sort()).toEqual([DIEGO, MEGAN].sort());
  });
});

describe('refused, with nothing queued', () => {
  const refusals: Array<[string, () => Post, number, RegExp]> = [
    ['a bad signature', () => ({ body: MAINTENANCE, secret: 'wrong-secret' }), 401, /bad signature/],
    ['missing headers', () => ({ body: MAINTENANCE, headers: null }), 401, /x-portal-timestamp/],
    [
      'a signature over another body',
      () => ({
        body: MAINTENANCE,
        headers: {
          'x-portal-timestamp': String(nowSeconds()),
          'x-portal-signature': signHook(SECRET, nowSeconds(), event({ type: 'security', text: 'x' })),
        },
      }),
      401,
      /bad signature/,
    ],
    [
      'a stale timestamp (6 minutes old)',
      () => ({ body: MAINTENANCE, ts: nowSeconds() - 6 * 60 }),
      401,
      /window/,
    ],
    [
      'a future timestamp (6 minutes ahead)',
      () => ({ body: MAINTENANCE, ts: nowSeconds() + 6 * 60 }),
      401,
      /window/,
    ],
    ['a malformed JSON body', () => ({ body: '{"id": "evt-1", ' }), 400, /not JSON/],
    [
      'an unknown company',
      () => ({ body: event({ type: 'security', text: 'x' }, 'e', 'fabrikam') }),
      400,
      /no company fabrikam/,
    ],
    [
      'an unknown infrastructure',
      () => ({ body: event({ type: 'maintenance', infra: 'prod-us', text: 'x' }) }),
      400,
      /no infrastructure prod-us/,
    ],
    [
      'an unknown infrastructure among disruptive ones',
      () => ({ body: event({ type: 'disruptive', infras: ['prod-eu', 'nowhere-9'], text: 'x' }) }),
      400,
      /no infrastructure nowhere-9/,
    ],
    ['an unknown type', () => ({ body: event({ type: 'party', text: 'x' }) }), 400, /^event\.type/],
    [
      "a 'license' event (those come from the license dates)",
      () => ({ body: event({ type: 'license', infra: 'dev-eu', expiresOn: '2026-12-10', daysLeft: 12 }) }),
      400,
      /license notices come from the license dates/,
    ],
    ['an event with no text', () => ({ body: event({ type: 'security' }) }), 400, /event\.text/],
    ['a body that is no object', () => ({ body: '[]' }), 400, /body|expected/],
  ];

  for (const [what, make, status, reason] of refusals)
    it(`${what}: ${status} with a reason`, async () => {
      const before = await snapshot();
      const r = await post(make());
      expect(r.status).toBe(status);
      expect(String(r.json.error)).toMatch(reason);
      expect(await snapshot()).toEqual(before);
      expect(queuedSignals).toBe(0);
    });

  it('a replay of the same event id: 409, and the first delivery stays the only one', async () => {
    expect((await post({ body: MAINTENANCE })).status).toBe(202);
    const before = await snapshot();
    app.clock.advance(MINUTE);
    const again = await post({ body: MAINTENANCE });
    expect(again.status).toBe(409);
    expect(String(again.json.error)).toContain('evt-1 was already received');
    expect(await snapshot()).toEqual(before);
    expect(queuedSignals).toBe(1);
  });

  it('the same id with different content is still a replay', async () => {
    expect((await post({ body: MAINTENANCE })).status).toBe(202);
    const before = await snapshot();
    const other = event({ type: 'disruptive', infras: ['prod-eu'], text: 'Failover' });
    expect((await post({ body: other })).status).toBe(409);
    expect(await snapshot()).toEqual(before);
  });

  it('only POST is accepted', async () => {
    const res = await fetch(url);
    expect(res.status).toBe(405);
  });
});

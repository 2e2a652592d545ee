// The outbox: retried with backoff when a chat fails or rate-limits, failed visibly, and delivered once across restarts.
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app/app.ts';
import type { ChatPort, Delivery } from '../../src/app/chat-port.ts';
import { fakeClock } from '../../src/app/clock.ts';
import {
  backoffMs,
  CLAIM_TIMEOUT_MS,
  MAX_ATTEMPTS,
  runOnce,
  UNREACHABLE_GIVE_UP_MS,
  UNREACHABLE_RETRY_MS,
} from '../../src/app/delivery.ts';
import type { OutboxItem } from '../../src/domain/schemas.ts';
import { commit } from '../../src/store/store.ts';
import { fileApp, type TestApp } from '../fakes/app.ts';
import { type FakePort, fakePort } from '../fakes/chat-port.ts';
import { ADELE, ALEX, MEGAN, MINUTE, viewWords, type World, world } from './harness.ts';

const NOTICE = 'notify maintenance prod-eu "Saturday 02:00 UTC: database upgrade"';
const retryable = (error: string, retryAfterMs?: number): Delivery => ({
  ok: false,
  retryable: true,
  error,
  ...(retryAfterMs ? { retryAfterMs } : {}),
});

const only = (app: TestApp, ports: ChatPort[]) => () =>
  runOnce({ store: app.store, clock: app.clock, ports, log: () => {} });
const items = async (app: TestApp) => (await app.data()).outbox;
const one = async (app: TestApp): Promise<OutboxItem> => {
  const all = await items(app);
  expect(all).toHaveLength(1);
  return all[0] as OutboxItem;
};

/** Megan's maintenance notice: one item, delivered through Slack alone. */
async function queued(): Promise<World & { slackOnly: () => Promise<number> }> {
  const w = world();
  expect((await w.app.say(ALEX, NOTICE)).ok).toBe(true);
  return { ...w, slackOnly: only(w.app, [w.slack]) };
}

describe('retries', () => {
  it('a Slack 500, then a 429 asking for 30 s, then success: delivered exactly once, on the third attempt, never early', async () => {
    const w = await queued();
    w.slack.failNext.push(retryable('internal_error (500)'), retryable('ratelimited (429)', 30_000));

    expect(await w.slackOnly()).toBe(1);
    expect(await one(w.app)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'internal_error (500)',
    });
    expect(await w.slackOnly()).toBe(0); // not before its backoff
    w.app.clock.advance(backoffMs(1) - 1);
    expect(await w.slackOnly()).toBe(0);
    w.app.clock.advance(1);
    expect(await w.slackOnly()).toBe(1);
    const limited = await one(w.app);
    expect(limited).toMatchObject({ status: 'pending', attempts: 2, lastError: 'ratelimited (429)' });
    expect(limited.nextAttemptAt).toBe(new Date(w.app.clock.now().getTime() + 30_000).toISOString());
    w.app.clock.advance(29_000);
    expect(await w.slackOnly()).toBe(0); // the platform's wait is respected
    w.app.clock.advance(1_000);
    expect(await w.slackOnly()).toBe(1);

    expect(await one(w.app)).toMatchObject({ status: 'delivered', attempts: 3, deliveredVia: 'slack' });
    expect((await one(w.app)).lastError).toBeUndefined();
    w.app.clock.advance(MINUTE);
    expect(await w.slackOnly()).toBe(0);
    expect(w.slack.sent).toHaveLength(1);
    expect(w.slack.sent[0]).toMatchObject({ op: 'direct', to: MEGAN });
  });

  it('a Slack 500 for a member Teams can also reach: delivered once, through Teams', async () => {
    const w = await queued();
    w.slack.failNext.push(retryable('internal_error (500)'));
    expect(await w.deliver()).toBe(1);
    expect(await one(w.app)).toMatchObject({ status: 'delivered', attempts: 1, deliveredVia: 'teams' });
    expect(w.sent()).toHaveLength(1);
  });

  it(`after ${MAX_ATTEMPTS} retryable failures the item fails, with the last error`, async () => {
    const w = await queued();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      w.slack.failNext.push(retryable(`internal_error #${attempt}`));
      expect(await w.slackOnly(), `attempt ${attempt}`).toBe(1);
      expect((await one(w.app)).status).toBe(attempt < MAX_ATTEMPTS ? 'pending' : 'failed');
      w.app.clock.advance(backoffMs(attempt));
    }
    expect(await one(w.app)).toMatchObject({
      attempts: MAX_ATTEMPTS,
      lastError: `internal_error #${MAX_ATTEMPTS}`,
    });
    expect(await w.slackOnly()).toBe(0);
    expect(w.slack.sent).toEqual([]);
  });
});

describe('failures that retrying cannot fix', () => {
  it("'channel_not_found' fails at once, and `notifications failed` shows it to a Company Admin", async () => {
    const w = world();
    expect((await w.app.say(ALEX, 'settings approvals-channel C0GONE01 --platform slack')).ok).toBe(true);
    await w.app.say(ADELE, 'request infra-admin prod-eu --reason "hotfix"');
    w.slack.failNext.push({ ok: false, retryable: false, error: 'channel_not_found' });
    expect(await w.deliver()).toBe(1);
    const item = await one(w.app);
    expect(item).toMatchObject({ status: 'failed', attempts: 1, lastError: 'channel_not_found' });
    const shown = (await w.app.say(ALEX, 'notifications failed')).text;
    expect(shown).toContain('channel (slack)');
    expect(shown).toContain('channel_not_found');
    expect(await w.deliver()).toBe(0);
  });

  it('a member neither chat can reach waits, says why, and fails visibly after three days', async () => {
    const w = await queued();
    w.slack.unreachable.add(MEGAN);
    w.teams.unreachable.add(MEGAN);
    expect(await w.deliver()).toBe(1);
    expect(await one(w.app)).toMatchObject({
      status: 'pending',
      lastError: 'no chat reaches this member yet (not linked in Slack or Teams)',
    });
    expect((await w.app.say(MEGAN, 'notifications pending')).text).toContain(
      'no chat reaches this member yet',
    );
    // Reachable later (she opened a chat with the bot): the next pass delivers it.
    w.teams.unreachable.delete(MEGAN);
    w.app.clock.advance(UNREACHABLE_RETRY_MS);
    expect(await w.deliver()).toBe(1);
    expect(await one(w.app)).toMatchObject({ status: 'delivered', deliveredVia: 'teams' });
  });

  it('after three days unreachable, the message is failed with the reason', async () => {
    const w = await queued();
    w.slack.unreachable.add(MEGAN);
    w.teams.unreachable.add(MEGAN);
    await w.deliver();
    w.app.clock.advance(UNREACHABLE_GIVE_UP_MS);
    await w.deliver();
    expect(await one(w.app)).toMatchObject({
      status: 'failed',
      lastError: 'no chat reaches this member yet (not linked in Slack or Teams)',
    });
    expect((await w.app.say(MEGAN, 'notifications failed')).text).toContain(
      'no chat reaches this member yet',
    );
    expect(w.sent()).toEqual([]);
  });
});

/** A Slack port whose direct messages wait until released, to hold a delivery mid-flight. */
function gatedSlack(): { port: FakePort; started: Promise<void>; release: () => void } {
  const port = fakePort('slack');
  let release = () => {};
  let started = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const began = new Promise<void>((r) => {
    started = r;
  });
  const send = port.sendDirect.bind(port);
  port.sendDirect = async (to, v) => {
    started();
    await gate;
    return send(to, v);
  };
  return { port, started: began, release };
}

describe('delivered once, whatever happens to the worker', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('a second worker does not take an item another one is sending', async () => {
    const w = await queued();
    const gated = gatedSlack();
    const first = runOnce({ store: w.app.store, clock: w.app.clock, ports: [gated.port], log: () => {} });
    await gated.started;
    expect(await runOnce({ store: w.app.store, clock: w.app.clock, ports: [w.slack], log: () => {} })).toBe(
      0,
    );
    gated.release();
    expect(await first).toBe(1);
    expect(gated.port.sent).toHaveLength(1);
    expect(w.slack.sent).toEqual([]);
    expect(await one(w.app)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('a process that died after claiming: after a restart the item waits out the claim, then goes once', async () => {
    const app = await fileApp();
    cleanup = app.cleanup;
    expect((await app.say(ALEX, NOTICE)).ok).toBe(true);
    // What a claim writes before talking to the chat; then the process dies.
    await app.store.transaction((d) => {
      for (const x of d.outbox) {
        x.status = 'sending';
        x.attempts = 1;
        x.nextAttemptAt = new Date(app.clock.now().getTime() + CLAIM_TIMEOUT_MS).toISOString();
      }
      return commit(null);
    });
    await app.close();

    const clock = fakeClock(new Date(app.clock.now().getTime() + MINUTE));
    const again = await openApp({ dataFile: app.file, demo: true, clock });
    cleanup = async () => {
      await again.close().catch(() => {});
      await app.cleanup();
    };
    const slack = fakePort('slack');
    const pass = () => runOnce({ store: again.store, clock, ports: [slack], log: () => {} });
    await pass();
    expect(slack.textsTo(MEGAN)).toEqual([]); // the claim has not timed out yet
    clock.advance(CLAIM_TIMEOUT_MS);
    await pass();
    await pass();
    clock.advance(MINUTE);
    await pass();
    expect(slack.textsTo(MEGAN)).toHaveLength(1);
    expect(slack.textsTo(MEGAN)[0]).toContain('database upgrade');
    const item = await again.store.read((d) =>
      structuredClone(d.outbox.find((x) => x.key.startsWith('manual:'))),
    );
    expect(item).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('a request decided while its cards were being posted: each posted copy is brought up to date once', async () => {
    const w = world();
    await w.app.say(ADELE, 'request infra-admin prod-eu --reason "hotfix"');
    const gated = gatedSlack();
    const posting = runOnce({ store: w.app.store, clock: w.app.clock, ports: [gated.port], log: () => {} });
    await gated.started;
    expect((await w.app.say(MEGAN, 'approve AR-1001')).ok).toBe(true);
    gated.release();
    expect(await posting).toBe(3);
    expect(gated.port.sent.map((s) => viewWords(s.view))).toEqual(
      Array(3).fill(expect.stringContaining('Approvals: 0 of 1')),
    );
    await runOnce({ store: w.app.store, clock: w.app.clock, ports: [w.slack], log: () => {} });
    const updates = w.slack.sent.filter((s) => s.op === 'update');
    expect(updates.map((u) => u.ref)).toEqual(gated.port.sent.map((s) => s.ref));
    for (const u of updates) expect(viewWords(u.view)).toContain('Approved by Megan Bowen');
  });
});

// A platform request key makes a change happen at most once, across retries, replays and double presses.

import { describe, expect, it } from 'vitest';
import { runOnce } from '../../src/app/delivery.ts';
import { ONCE_TTL_MS } from '../../src/app/dispatch.ts';
import { seenKeys, seenUntil } from '../../src/domain/seen.ts';
import { asConsole, fileApp, memoryApp } from '../fakes/app.ts';

const grant = { kind: 'text' as const, text: 'grant access gradya@example.com prod-eu' };

describe('request keys', () => {
  it('the same key twice changes state once; the second answer says it was already done', async () => {
    const app = memoryApp();
    const first = await app.run(asConsole('alexw@example.com'), { ...grant, once: 'slack:trigger:1' });
    expect(first.result.ok).toBe(true);
    await app.say('alexw@example.com', 'revoke access gradya@example.com prod-eu');
    const again = await app.run(asConsole('alexw@example.com'), { ...grant, once: 'slack:trigger:1' });
    expect(again.duplicate).toBe(true);
    const data = await app.data();
    expect(
      data.companies[0]?.members.find((m) => m.email === 'gradya@example.com')?.roles['prod-eu'],
    ).toBeUndefined();
    expect(data.audit.filter((e) => e.action === 'role.change')).toHaveLength(2);
  });

  it('a refused attempt does not spend the key', async () => {
    const app = memoryApp();
    const denied = await app.run(asConsole('adelev@example.com'), { ...grant, once: 'k' });
    expect(denied.result.ok).toBe(false);
    expect(seenUntil((await app.data()).seen, 'k')).toBeUndefined();
    expect((await app.run(asConsole('alexw@example.com'), { ...grant, once: 'k' })).result.ok).toBe(true);
  });

  it('keys survive a restart of the file store', async () => {
    const app = await fileApp();
    try {
      await app.run(asConsole('alexw@example.com'), { ...grant, once: 'evt-1' });
      expect(seenKeys((await app.disk()).seen)).toContain('evt-1');
    } finally {
      await app.cleanup();
    }
  });

  it('old keys are forgotten after their time, by the scheduler', async () => {
    const app = memoryApp();
    await app.run(asConsole('alexw@example.com'), { ...grant, once: 'old' });
    app.clock.advance(ONCE_TTL_MS + 1000);
    await app.run(asConsole('alexw@example.com'), {
      kind: 'text',
      text: 'grant access gradya@example.com hybrid-ap',
      once: 'new',
    });
    expect(seenKeys((await app.data()).seen)).toEqual(['new', 'old']);
    await runOnce({ store: app.store, clock: app.clock, ports: [], log: () => {} });
    expect(seenKeys((await app.data()).seen)).toEqual(['new']);
  });
});

// Closing the app finishes the commands under way before the store is released; later ones are refused, not lost silently.
import { describe, expect, it } from 'vitest';
import { appOver, seedData } from '../../src/app/app.ts';
import { silentSecurityLog } from '../../src/app/security-log.ts';
import type { Store } from '../../src/store/store.ts';
import { createMemoryStore } from '../fakes/memory-store.ts';

/** A store whose next transaction waits until `release()`; records when it closed. */
function gatedStore(inner: Store) {
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const events: string[] = [];
  const store: Store = {
    read: (fn) => inner.read(fn),
    audit: inner.audit,
    transaction: async (fn) => {
      events.push('transaction waiting');
      await gate;
      const v = await inner.transaction(fn);
      events.push('transaction done');
      return v;
    },
    close: async () => {
      events.push('store closed');
      await inner.close();
    },
  };
  return { store, release, events };
}

describe('app.close', () => {
  it('waits for a command in flight, so its change is kept, then releases the store', async () => {
    const inner = createMemoryStore(seedData(true, new Date('2026-11-28T12:00:00Z')));
    const { store, release, events } = gatedStore(inner);
    const app = appOver(store, { securityLog: silentSecurityLog });
    const me = { chat: 'console' as const, email: 'alexw@example.com' };
    const running = app.run(me, { kind: 'text', text: 'slot register prod-eu staging' });
    await new Promise((r) => setTimeout(r, 0));
    const closing = app.close();
    await new Promise((r) => setTimeout(r, 0));
    expect(events).toEqual(['transaction waiting']);
    release();
    const outcome = await running;
    await closing;
    expect(outcome.changed).toBe(true);
    expect(events).toEqual(['transaction waiting', 'transaction done', 'store closed']);
    const late = await app.run(me, { kind: 'text', text: 'whoami' });
    expect(late.result.ok).toBe(false);
  });
});

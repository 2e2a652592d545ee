// The outbox queues each notice for each recipient once: enqueue de-duplicates by (company, key).
import { describe, expect, it } from 'vitest';
import type { StoreData } from '../../src/domain/schemas.ts';
import { commit } from '../../src/store/store.ts';
import { enqueue, MAX_KEY, type NewOutboxItem } from '../../src/workflow/outbox.ts';
import { createMemoryStore } from '../fakes/memory-store.ts';
import { company, storeWith } from '../store/fixtures.ts';

const NOW = new Date('2026-11-28T12:00:00Z');
const item = (key: string): NewOutboxItem => ({
  key,
  to: { kind: 'member', email: 'ana@example.com' },
  content: { kind: 'request', requestId: 'AR-1001' },
  reason: 'test',
});
const queue =
  (companyId: string, ...keys: string[]) =>
  (d: StoreData) =>
    commit(keys.map((k) => enqueue(d, companyId, item(k), NOW)));

describe('enqueue', () => {
  it('queues a key once, in one transaction and across transactions', async () => {
    const store = createMemoryStore(storeWith(company('acme'), company('beta')));
    expect(await store.transaction(queue('acme', 'notice:1', 'notice:1'))).toEqual([true, false]);
    expect(await store.transaction(queue('acme', 'notice:1', 'notice:2'))).toEqual([false, true]);
    expect(await store.read((d) => d.outbox.map((x) => x.key))).toEqual(['notice:1', 'notice:2']);
  });

  it('keys are per company: the same key for another company is another message', async () => {
    const store = createMemoryStore(storeWith(company('acme'), company('beta')));
    expect(await store.transaction(queue('acme', 'k'))).toEqual([true]);
    expect(await store.transaction(queue('beta', 'k'))).toEqual([true]);
    expect(await store.read((d) => d.outbox.map((x) => x.companyId))).toEqual(['acme', 'beta']);
  });

  it('a key too long to store is shortened with a hash: still de-duplicated, never mixed up with another', async () => {
    const store = createMemoryStore(storeWith(company('acme')));
    const long = `grant:${'a'.repeat(250)}@example.com:infra-admin:prod-eu:warn`;
    const other = long.replace(':warn', ':ended');
    expect(await store.transaction(queue('acme', long, long, other))).toEqual([true, false, true]);
    const keys = await store.read((d) => d.outbox.map((x) => x.key));
    expect(keys).toHaveLength(2);
    for (const k of keys) expect(k.length).toBeLessThanOrEqual(MAX_KEY);
    expect(keys[0]).not.toBe(keys[1]);
  });
});

// The behaviour every Store implementation must show; each implementation's test file runs it.

import { describe, expect, it } from 'vitest';
import { markSeen, seenKeys } from '../../src/domain/seen.ts';
import type { Store } from '../../src/store/store.ts';
import { commit, rollback } from '../../src/store/store.ts';
import { AT, company } from './fixtures.ts';

type Made = { store: Store; cleanup: () => Promise<void> };

export function runStoreContract(name: string, make: () => Promise<Made>): void {
  /** Gives each test a fresh store and always cleans up, even after a failed assertion. */
  const withStore = (test: (store: Store) => Promise<void>) => async () => {
    const { store, cleanup } = await make();
    try {
      await test(store);
    } finally {
      await cleanup();
    }
  };
  const keysOf = (store: Store) => store.read((d) => seenKeys(d.seen));

  describe(`Store contract: ${name}`, () => {
    it(
      'makes a committed transaction visible and returns its value',
      withStore(async (store) => {
        const value = await store.transaction((d) => {
          markSeen(d.seen, 'a', AT);
          return commit(42);
        });
        expect(value).toBe(42);
        expect(await keysOf(store)).toEqual(['a']);
      }),
    );

    it(
      'drops a rolled-back transaction but still returns its value',
      withStore(async (store) => {
        const value = await store.transaction((d) => {
          markSeen(d.seen, 'a', AT);
          d.companies.push(company());
          return rollback('refused');
        });
        expect(value).toBe('refused');
        expect(await store.read((d) => ({ seen: seenKeys(d.seen), companies: d.companies.length }))).toEqual({
          seen: [],
          companies: 0,
        });
      }),
    );

    it(
      'changes nothing when the transaction function throws, and keeps working after',
      withStore(async (store) => {
        const boom = new Error('boom');
        await expect(
          store.transaction((d) => {
            markSeen(d.seen, 'a', AT);
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(await keysOf(store)).toEqual([]);
        await store.transaction((d) => {
          markSeen(d.seen, 'b', AT);
          return commit(null);
        });
        expect(await keysOf(store)).toEqual(['b']);
      }),
    );

    it(
      'never shows a reader half a transaction',
      withStore(async (store) => {
        let readInside: Promise<string[]> | undefined;
        const polls: Promise<string[]>[] = [];
        const poller = setInterval(() => polls.push(keysOf(store)), 0);
        const tx = store.transaction((d) => {
          markSeen(d.seen, 'a', AT);
          readInside = keysOf(store);
          markSeen(d.seen, 'b', AT);
          return commit(null);
        });
        const readBefore = keysOf(store);
        try {
          await tx;
        } finally {
          clearInterval(poller);
        }
        expect(await readBefore).toEqual([]);
        expect(await readInside).toEqual([]);
        for (const keys of await Promise.all(polls)) expect([[], ['a', 'b']]).toContainEqual(keys);
        expect(await keysOf(store)).toEqual(['a', 'b']);
      }),
    );

    it(
      'serializes 200 concurrent transactions: each sees the ones before it, none is lost',
      withStore(async (store) => {
        const sizes = await Promise.all(
          Array.from({ length: 200 }, (_, i) =>
            store.transaction((d) => {
              const before = seenKeys(d.seen).length;
              markSeen(d.seen, `k${i}`, AT);
              return commit(before);
            }),
          ),
        );
        expect([...sizes].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
        const keys = await keysOf(store);
        expect(keys).toHaveLength(200);
        for (let i = 0; i < 200; i++) expect(keys).toContain(`k${i}`);
      }),
    );

    it(
      'hands out an immutable snapshot',
      withStore(async (store) => {
        await store.transaction((d) => {
          d.companies.push(company());
          markSeen(d.seen, 'a', AT);
          return commit(null);
        });
        const snapshot = await store.read((d) => d);
        const attempts: Array<(s: typeof snapshot) => void> = [
          (s) => Object.assign(s.seen, { b: AT }),
          (s) => Object.assign(s, { audit: [] as unknown[] }),
          (s) => (s.companies as unknown[]).push('x'),
          (s) => Object.assign(s.companies[0]?.members[0] ?? {}, { name: 'Mallory' }),
        ];
        for (const attempt of attempts) {
          try {
            attempt(snapshot);
          } catch {
            // Throwing is one of the two allowed outcomes; the checks below cover the other.
          }
        }
        const after = await store.read((d) => d);
        expect(seenKeys(after.seen)).toEqual(['a']);
        expect(after.companies).toHaveLength(1);
        expect(after.companies[0]?.members[0]?.name).toBe('Ana');
        expect(Object.isFrozen(after.companies[0]?.members[0])).toBe(true);
      }),
    );

    it(
      'keeps what a transaction touched but did not change as it was: shared, frozen, written nowhere',
      withStore(async (store) => {
        await store.transaction((d) => {
          d.companies.push(company());
          return commit(null);
        });
        const before = await store.read((d) => d);
        const putBack = (d: { companies: Array<{ members: unknown[] }> }) => {
          const members = d.companies[0]?.members ?? [];
          members.push(members.pop());
        };
        // Nothing changed at all: the committed state is the one before, object for object.
        await store.transaction((d) => {
          putBack(d);
          return commit(null);
        });
        expect(await store.read((d) => d)).toBe(before);
        // A field changed beside it: the new company is frozen, and its untouched list is the old one.
        await store.transaction((d) => {
          putBack(d);
          const c = d.companies[0];
          if (c) c.name = 'Acme Renamed';
          return commit(null);
        });
        const after = await store.read((d) => d.companies[0]);
        expect(after?.name).toBe('Acme Renamed');
        expect(Object.isFrozen(after)).toBe(true);
        expect(after?.members).toBe(before.companies[0]?.members);
        expect(() => Object.assign(after ?? {}, { name: 'Mallory' })).toThrow();
      }),
    );

    it(
      'waits for queued transactions on close, then refuses every operation',
      withStore(async (store) => {
        const queued = store.transaction((d) => {
          markSeen(d.seen, 'a', AT);
          return commit('done');
        });
        await store.close();
        expect(await queued).toBe('done');
        await expect(store.read((d) => d)).rejects.toThrow(/closed/);
        await expect(store.transaction(() => commit(null))).rejects.toThrow(/closed/);
      }),
    );
  });
}

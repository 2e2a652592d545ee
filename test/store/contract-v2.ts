// The contract's second part: the audit log, validation before the write, failed writes, group commit,
// indexes and durability. Implementation-neutral: the PostgreSQL store runs it unchanged.

import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/domain/audit.ts';
import { findMember, infraAdmins } from '../../src/domain/company.ts';
import type { StoreData } from '../../src/domain/schemas.ts';
import { markSeen, seenKeys } from '../../src/domain/seen.ts';
import {
  commit,
  InvalidChangeError,
  rollback,
  type Store,
  StoreWriteError,
  type Tx,
} from '../../src/store/store.ts';
import { AT, company } from './fixtures.ts';

export type Made = {
  store: Store;
  cleanup: () => Promise<void>;
  /** Makes the next durable write fail as a full disk or a lost database connection would. */
  failNextWrite?: () => void;
  /** Closes the store and opens it again on the same data (absent for a store that keeps nothing). */
  reopen?: () => Promise<Store>;
};

const entry = (companyId: string, target: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  companyId,
  at: AT,
  actor: 'ana@example.com',
  chat: 'console',
  action: 'member.edit',
  target,
  before: null,
  after: { target },
  ...extra,
});

/** Two companies, acme and beta, each with Ana as Company Admin. */
const setUp = (store: Store) =>
  store.transaction((d) => {
    d.companies.push(company('acme'), company('beta'));
    return commit(null);
  });

const audit =
  (companyId: string, target: string, extra: Partial<AuditEntry> = {}) =>
  (_: StoreData, tx: Tx) =>
    commit(tx.audit(entry(companyId, target, extra)));

/** `durable`: the store keeps its data across a reopen (every store but the in-memory one). */
export function runStoreContractV2(
  name: string,
  make: () => Promise<Made>,
  opts: { durable: boolean },
): void {
  const withMade = (test: (made: Made) => Promise<void>) => async () => {
    const made = await make();
    try {
      await setUp(made.store);
      await test(made);
    } finally {
      await made.cleanup();
    }
  };

  describe(`Store contract, audit log: ${name}`, () => {
    it(
      'tx.audit chains events per company, and the company holds the head',
      withMade(async ({ store }) => {
        const a1 = await store.transaction(audit('acme', 'a1'));
        const b1 = await store.transaction(audit('beta', 'b1'));
        const a2 = await store.transaction(audit('acme', 'a2'));
        expect([a1.seq, b1.seq, a2.seq]).toEqual([1, 1, 2]);
        expect(a1.prevHash).toBe('');
        expect(a2.prevHash).toBe(a1.hash);
        expect(await store.read((d) => d.companies.map((c) => c.auditHead))).toEqual([
          { seq: 2, hash: a2.hash, count: 2 },
          { seq: 1, hash: b1.hash, count: 1 },
        ]);
        expect(await store.audit.verify('acme')).toEqual({ ok: true, events: 2 });
        expect(await store.audit.verify('beta')).toEqual({ ok: true, events: 1 });
        const all = [];
        for await (const e of store.audit.all('acme')) all.push(e);
        expect(all).toEqual([a1, a2]);
      }),
    );

    it(
      'list: newest first, filtered by member, infrastructure and time, paged, with the total',
      withMade(async ({ store }) => {
        await store.transaction(
          audit('acme', 'x@example.com', { infra: 'p', at: '2025-01-01T00:00:00.000Z' }),
        );
        await store.transaction(
          audit('acme', 'y@example.com', { actor: 'x@example.com', at: '2025-01-02T00:00:00.000Z' }),
        );
        await store.transaction(
          audit('acme', 'z@example.com', { infra: 'p', at: '2025-01-03T00:00:00.000Z' }),
        );
        await store.transaction(audit('beta', 'x@example.com', { infra: 'p' }));
        const targets = async (q: Parameters<Store['audit']['list']>[1]) => {
          const r = await store.audit.list('acme', q);
          return { targets: r.events.map((e) => e.target), total: r.total };
        };
        expect(await targets({ limit: 10, offset: 0 })).toEqual({
          targets: ['z@example.com', 'y@example.com', 'x@example.com'],
          total: 3,
        });
        expect(await targets({ limit: 1, offset: 1 })).toEqual({ targets: ['y@example.com'], total: 3 });
        expect(await targets({ member: 'x@example.com', limit: 10, offset: 0 })).toEqual({
          targets: ['y@example.com', 'x@example.com'],
          total: 2,
        });
        expect(await targets({ infra: 'p', limit: 1, offset: 0 })).toEqual({
          targets: ['z@example.com'],
          total: 2,
        });
        expect(await targets({ since: '2025-01-02T00:00:00.000Z', limit: 10, offset: 0 })).toEqual({
          targets: ['z@example.com', 'y@example.com'],
          total: 2,
        });
        expect(await store.audit.list('nobody', { limit: 10, offset: 0 })).toEqual({ events: [], total: 0 });
      }),
    );

    it(
      'a rolled-back or failed transaction leaves no event, and the chain goes on from the last committed one',
      withMade(async ({ store }) => {
        const first = await store.transaction(audit('acme', 'kept'));
        await store.transaction((_, tx) => rollback(tx.audit(entry('acme', 'rolled back'))));
        await expect(
          store.transaction((_, tx) => {
            tx.audit(entry('acme', 'thrown'));
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        const next = await store.transaction(audit('acme', 'next'));
        expect(next).toMatchObject({ seq: 2, prevHash: first.hash });
        expect(
          (await store.audit.list('acme', { limit: 10, offset: 0 })).events.map((e) => e.target),
        ).toEqual(['next', 'kept']);
      }),
    );

    it(
      'an event for a company that does not exist is a bug: the transaction rejects and nothing changes',
      withMade(async ({ store }) => {
        await expect(
          store.transaction((d, tx) => {
            markSeen(d.seen, 'k', AT);
            tx.audit(entry('nobody', 't'));
            return commit(null);
          }),
        ).rejects.toThrow(/company nobody/);
        expect(await store.read((d) => seenKeys(d.seen))).toEqual([]);
      }),
    );
  });

  describe(`Store contract, one schema before every write: ${name}`, () => {
    it(
      'refuses a change that would not read back, naming the field, and changes nothing',
      withMade(async ({ store }) => {
        const error = await store
          .transaction((d, tx) => {
            const m = d.companies[0]?.members[0];
            if (m) m.name = 'x'.repeat(101);
            tx.audit(entry('acme', 'ana@example.com'));
            return commit(null);
          })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidChangeError);
        expect((error as InvalidChangeError).field).toBe('companies[acme].members[ana@example.com].name');
        expect(await store.read((d) => d.companies[0]?.members[0]?.name)).toBe('Ana');
        expect(await store.audit.verify('acme')).toEqual({ ok: true, events: 0 });
      }),
    );

    it(
      'refuses two entities with one key',
      withMade(async ({ store }) => {
        await expect(
          store.transaction((d) => {
            const ana = d.companies[0]?.members[0];
            if (ana) d.companies[0]?.members.push({ ...ana, name: 'Ana again' });
            return commit(null);
          }),
        ).rejects.toThrow(/two entries have the key ana@example.com/);
        expect(await store.read((d) => d.companies[0]?.members.length)).toBe(1);
      }),
    );
  });

  describe(`Store contract, look-ups: ${name}`, () => {
    it(
      'members are found by email and role in every committed state, also right after a change',
      withMade(async ({ store }) => {
        await store.transaction((d) => {
          const c = d.companies[0];
          for (let i = 0; i < 50; i++)
            c?.members.push({
              email: `m${i}@example.com`,
              name: `M ${i}`,
              status: 'active',
              companyAdmin: false,
              roles: i % 10 === 0 ? { p: 'admin' } : {},
              identities: [],
            });
          return commit(null);
        });
        await store.transaction((d) => {
          const m = d.companies[0] && findMember(d.companies[0], 'M7@example.com');
          if (m) m.roles.p = 'admin';
          return commit(null);
        });
        const found = await store.read((d) => {
          const c = d.companies[0];
          if (!c) throw new Error('no company');
          return {
            admins: infraAdmins(c, 'p').map((m) => m.email),
            m7: findMember(c, 'm7@example.com')?.roles,
            none: findMember(c, 'm99@example.com'),
          };
        });
        expect(found).toEqual({
          admins: [
            'm0@example.com',
            'm7@example.com',
            'm10@example.com',
            'm20@example.com',
            'm30@example.com',
            'm40@example.com',
          ],
          m7: { p: 'admin' },
          none: undefined,
        });
      }),
    );
  });

  describe(`Store contract, failed writes and group commit: ${name}`, () => {
    it(
      'a write that fails rejects with a "try again" error, and memory and the audit log stay as they were',
      withMade(async (made) => {
        if (!made.failNextWrite) throw new Error('the store under test must say how to fail a write');
        const { store } = made;
        await store.transaction(audit('acme', 'kept'));
        made.failNextWrite();
        const error = await store
          .transaction((d, tx) => {
            markSeen(d.seen, 'lost', AT);
            tx.audit(entry('acme', 'lost'));
            return commit(null);
          })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreWriteError);
        expect((error as Error).message).toMatch(/try again/);
        expect(await store.read((d) => seenKeys(d.seen))).toEqual([]);
        expect(await store.audit.verify('acme')).toEqual({ ok: true, events: 1 });
        await store.transaction(audit('acme', 'next'));
        expect(await store.audit.verify('acme')).toEqual({ ok: true, events: 2 });
      }),
    );

    it(
      'transactions queued together fail together, and an answer computed on their changes fails with them',
      withMade(async (made) => {
        if (!made.failNextWrite) throw new Error('the store under test must say how to fail a write');
        const { store } = made;
        made.failNextWrite();
        const results = await Promise.allSettled([
          store.transaction((d) => {
            markSeen(d.seen, 'a', AT);
            return commit('a');
          }),
          // Reads what the first wrote: it must not be told "a" exists if "a" was never written.
          store.transaction((d) => rollback(seenKeys(d.seen))),
        ]);
        expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
        expect(await store.read((d) => seenKeys(d.seen))).toEqual([]);
      }),
    );
  });

  if (opts.durable)
    describe(`Store contract, durability: ${name}`, () => {
      it(
        'what was committed, and its audit events, are there after reopening',
        withMade(async (made) => {
          if (!made.reopen) throw new Error('a durable store under test must say how to reopen it');
          await made.store.transaction((d, tx) => {
            markSeen(d.seen, 'k', AT);
            tx.audit(entry('acme', 'kept'));
            return commit(null);
          });
          const again = await made.reopen();
          expect(await again.read((d) => seenKeys(d.seen))).toEqual(['k']);
          expect(await again.audit.verify('acme')).toEqual({ ok: true, events: 1 });
        }),
      );
    });
}

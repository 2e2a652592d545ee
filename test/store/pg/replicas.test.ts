// Two replicas of the PostgreSQL store in one process, on one database: conflicting transactions have one
// effect, each replica learns the other's commits, and exclusive tasks run in one of them at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreData } from '../../../src/domain/schemas.ts';
import { markSeen, seenUntil } from '../../../src/domain/seen.ts';
import { openPgStore, type PgStore } from '../../../src/store/pg/pg-store.ts';
import { commit, rollback, type TxFn } from '../../../src/store/store.ts';
import { AT, company, storeWith } from '../fixtures.ts';
import { admin, createTestDatabase, type TestDatabase } from './database.ts';
import { holdCompanyLock, until } from './waiting.ts';

let db: TestDatabase;
let a: PgStore;
let b: PgStore;

function twoAdmins(): StoreData {
  const c = company('acme');
  const ana = c.members[0];
  if (!ana) throw new Error('fixture without a member');
  c.members.push({ ...ana, email: 'bo@example.com', name: 'Bo' });
  return storeWith(c);
}

/** What b logged: how it caught up with a's commits. */
const bLog: Array<{ event: string; detail: Record<string, unknown> }> = [];

beforeAll(async () => {
  db = await createTestDatabase('replicas');
  a = await openPgStore({ url: db.url, seed: twoAdmins });
  b = await openPgStore({
    url: db.url,
    seed: twoAdmins,
    log: (event, detail) => bLog.push({ event, detail }),
  });
});
afterAll(async () => {
  await a.close();
  await b.close();
  await db.drop();
});

/** The rule a command enforces: the last Company Admin cannot be demoted. */
const demote =
  (email: string): TxFn<'demoted' | 'refused'> =>
  (d) => {
    const c = d.companies[0];
    const m = c?.members.find((x) => x.email === email);
    const others = c?.members.filter((x) => x.companyAdmin && x.email !== email) ?? [];
    if (!m?.companyAdmin || others.length === 0) return rollback('refused');
    m.companyAdmin = false;
    return commit('demoted');
  };

const admins = (s: PgStore) =>
  s.read((d) => d.companies[0]?.members.filter((m) => m.companyAdmin).map((m) => m.email) ?? []);

describe('PostgreSQL store: two replicas on one database', () => {
  it('cannot both demote one of the last two Company Admins (no write skew)', async () => {
    for (let round = 0; round < 10; round++) {
      if (round) {
        await a.transaction((d) => {
          for (const m of d.companies[0]?.members ?? []) m.companyAdmin = true;
          return commit(null);
        });
        await until(async () => (await admins(b)).length === 2, 'b to see both admins again');
      }
      // Both decide on the same state: the lock holds them at the write, after each ran its check.
      const lock = await holdCompanyLock(db.url, 'acme');
      const fromA = a.transaction(demote('bo@example.com'));
      const fromB = b.transaction(demote('ana@example.com'));
      await lock.waitForWaiters(2);
      await lock.release();
      const results = (await Promise.all([fromA, fromB])).sort();
      expect(results).toEqual(['demoted', 'refused']);
      const inDb = await admin(
        async (c) =>
          (
            await c.query(
              "SELECT count(*)::int AS n FROM entities WHERE kind = 'members' AND (doc->>'companyAdmin')::boolean",
            )
          ).rows[0]?.n,
        db.url,
      );
      expect(inDb).toBe(1);
      await until(
        async () => (await admins(a)).length === 1 && (await admins(b)).length === 1,
        'both to agree',
      );
      expect(await admins(a)).toEqual(await admins(b));
    }
  });

  it('handles a platform request key once: the replica that loses sees it and does nothing', async () => {
    const key = `slack:event:${Date.now()}`;
    const once: TxFn<'done' | 'duplicate'> = (d) => {
      if (seenUntil(d.seen, key)) return rollback('duplicate');
      markSeen(d.seen, key, AT);
      const c = d.companies[0];
      if (c) c.nextCaseNumber += 1;
      return commit('done');
    };
    const before = await a.read((d) => d.companies[0]?.nextCaseNumber ?? 0);
    const results = (await Promise.all([a.transaction(once), b.transaction(once)])).sort();
    expect(results).toEqual(['done', 'duplicate']);
    await until(
      async () => (await b.read((d) => d.companies[0]?.nextCaseNumber)) === before + 1,
      'b to catch up',
    );
    expect(await a.read((d) => d.companies[0]?.nextCaseNumber)).toBe(before + 1);
  });

  it('the same key with no company involved: the unique key decides', async () => {
    const key = `teams:activity:${Date.now()}`;
    const once: TxFn<'done' | 'duplicate'> = (d) => {
      if (seenUntil(d.seen, key)) return rollback('duplicate');
      markSeen(d.seen, key, AT);
      return commit('done');
    };
    expect((await Promise.all([a.transaction(once), b.transaction(once)])).sort()).toEqual([
      'done',
      'duplicate',
    ]);
  });

  it("a replica applies what the other's commit changed, without reloading the company", async () => {
    bLog.length = 0;
    await a.transaction((d) => {
      const m = d.companies[0]?.members.find((x) => x.email === 'bo@example.com');
      if (m) m.name = 'Bo Renamed';
      return commit(null);
    });
    await until(
      async () =>
        (await b.read((d) => d.companies[0]?.members.find((x) => x.email === 'bo@example.com')?.name)) ===
        'Bo Renamed',
      'b to apply the change',
    );
    const caughtUp = bLog.filter((l) => l.event === 'store-caught-up');
    expect(caughtUp.at(-1)?.detail).toEqual({ applied: ['acme'], reloaded: [] });
    // And it reads exactly what a fresh load reads.
    const fresh = await openPgStore({ url: db.url });
    try {
      expect(await b.read((d) => d.companies)).toEqual(await fresh.read((d) => d.companies));
    } finally {
      await fresh.close();
    }
  });

  it("a replica learns the other's commits without writing (NOTIFY)", async () => {
    await a.transaction((d) => {
      const c = d.companies[0];
      if (c) c.name = 'Acme Renamed';
      return commit(null);
    });
    await until(
      async () => (await b.read((d) => d.companies[0]?.name)) === 'Acme Renamed',
      'b to reload acme',
    );
  });

  it('after its listening connection breaks, a replica reconnects and reloads what it missed', async () => {
    await admin(
      (c) =>
        c.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
        ),
      db.url,
    );
    await a.transaction((d) => {
      const c = d.companies[0];
      if (c) c.name = 'Acme While Away';
      return commit(null);
    });
    await until(async () => (await b.read((d) => d.companies[0]?.name)) === 'Acme While Away', 'b to reload');
    // And it listens again: the next change arrives too.
    await a.transaction((d) => {
      const c = d.companies[0];
      if (c) c.name = 'Acme Back';
      return commit(null);
    });
    await until(async () => (await b.read((d) => d.companies[0]?.name)) === 'Acme Back', 'b to hear again');
  });

  it('runs an exclusive task in one replica at a time; the other skips it', async () => {
    const inner = await a.exclusive('scheduler', async () => b.exclusive('scheduler', async () => 'b ran'));
    expect(inner).toEqual({ ran: true, value: { ran: false } });
    expect(await b.exclusive('scheduler', async () => 'b ran')).toEqual({ ran: true, value: 'b ran' });
    // Another task is not held by it.
    const other = await a.exclusive('scheduler', async () => b.exclusive('outbox', async () => 'b ran'));
    expect(other).toEqual({ ran: true, value: { ran: true, value: 'b ran' } });
  });
});

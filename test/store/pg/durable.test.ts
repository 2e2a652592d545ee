// The PostgreSQL store keeps what it acknowledges, writes only what changed, and refuses what would not read back.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markSeen, seenKeys } from '../../../src/domain/seen.ts';
import { InvalidChangeError, StoreWriteError } from '../../../src/store/errors.ts';
import { openPgStore, type PgStore, PgStoreOpenError } from '../../../src/store/pg/pg-store.ts';
import { commit } from '../../../src/store/store.ts';
import { AT, company, storeWith } from '../fixtures.ts';
import { admin, createTestDatabase, type TestDatabase } from './database.ts';
import { byCompany } from './normalize.ts';
import { txArb, txFn } from './random-tx.ts';
import { until } from './waiting.ts';

const RUNS = process.env.DEEP === '1' ? 300 : 30;

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('durable');
  await (await openPgStore({ url: db.url })).close(); // the migrations
});
afterAll(() => db.drop());

const sql = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
  admin(async (c) => (await c.query<T>(text, params)).rows, db.url);

async function withStore<T>(
  run: (s: PgStore) => Promise<T>,
  seed = () => storeWith(company('acme')),
): Promise<T> {
  const store = await openPgStore({ url: db.url, seed });
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

async function reset() {
  await sql('ALTER TABLE audit_events DISABLE TRIGGER USER');
  await sql('TRUNCATE audit_events, entities, companies, outbox, conversations, request_keys, store_meta');
  await sql('ALTER TABLE audit_events ENABLE TRIGGER USER');
}

describe('PostgreSQL store: durability', () => {
  it('a fresh replica loads exactly what another committed, whatever the transactions were', {
    timeout: 120_000,
  }, async () => {
    await reset();
    // One writer for every run: the state grows richer, so later runs update and remove what earlier ones made.
    // A second replica stays open throughout, catching up by the parts each commit recorded.
    const b = await openPgStore({ url: db.url });
    await withStore(async (a) => {
      await fc.assert(
        fc.asyncProperty(fc.array(txArb, { minLength: 1, maxLength: 15 }), async (txs) => {
          // Submitted together, so they are written in groups.
          await Promise.all(txs.map((t) => a.transaction(txFn(t)).catch((e: unknown) => e)));
          const written = await a.read((d) => d);
          const loaded = await withStore(async (b) => b.read((d) => d));
          expect(loaded).toEqual(written);
          // Frozen as every committed state is (look-up indexes are kept for frozen arrays only).
          for (const c of loaded.companies) expect(Object.isFrozen(c.members)).toBe(true);
          expect(Object.isFrozen(loaded.outbox)).toBe(true);
          const agreed = byCompany(written);
          await until(
            async () => isDeepStrictEqual(byCompany(await b.read((d) => d)), agreed),
            'the other replica to catch up',
          ).catch(async (e: unknown) => {
            expect(byCompany(await b.read((d) => d))).toEqual(agreed);
            throw e;
          });
          for (const c of written.companies) {
            expect(await a.audit.verify(c.id)).toEqual({ ok: true, events: c.auditHead.count });
            const all = [];
            for await (const e of a.audit.all(c.id)) all.push(e);
            expect(all.map((e) => e.seq)).toEqual(Array.from({ length: c.auditHead.count }, (_, i) => i + 1));
          }
        }),
        { numRuns: RUNS },
      );
    }).finally(() => b.close());
  });

  it('a change to one member of a thousand writes that member and the company row, nothing else', async () => {
    await reset();
    const big = company('acme');
    for (let i = 0; i < 1000; i++)
      big.members.push({
        ...big.members[0],
        email: `m${i}@example.com`,
        name: `M ${i}`,
      } as (typeof big.members)[0]);
    await withStore(
      async (store) => {
        await store.transaction((d) => {
          const m = d.companies[0]?.members.find((x) => x.email === 'm500@example.com');
          if (m) m.name = 'Renamed';
          return commit(null);
        });
        const [{ xid } = { xid: '' }] = await sql<{ xid: string }>(
          "SELECT max(xmin::text::bigint)::text AS xid FROM entities WHERE company_id = 'acme'",
        );
        const rows = await sql<{ key: string }>('SELECT key FROM entities WHERE xmin::text = $1', [xid]);
        expect(rows.map((r) => r.key)).toEqual(['m500@example.com']);
        const companyRows = await sql('SELECT id FROM companies WHERE xmin::text = $1', [xid]);
        expect(companyRows).toHaveLength(1);
      },
      () => storeWith(big),
    );
  });

  it('refuses a change that would not read back, naming the field, and writes nothing', async () => {
    await reset();
    await withStore(async (store) => {
      const before = await sql('SELECT key, doc::text FROM entities ORDER BY key');
      await expect(
        store.transaction((d) => {
          const m = d.companies[0]?.members[0];
          if (m) m.email = 'not an email';
          return commit(null);
        }),
      ).rejects.toThrow(InvalidChangeError);
      await expect(
        store.transaction((d) => {
          const m = d.companies[0]?.members[0];
          if (m) m.name = '';
          return commit(null);
        }),
      ).rejects.toThrow(/companies\[acme\]\.members\[ana@example.com\]\.name/);
      expect(await sql('SELECT key, doc::text FROM entities ORDER BY key')).toEqual(before);
      expect(await store.read((d) => d.companies[0]?.members[0]?.name)).toBe('Ana');
    });
  });

  it('a write the database refuses fails the whole group with "try again", and memory stays as it was', async () => {
    await reset();
    await withStore(async (store) => {
      await sql(`CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.key = 'boom' THEN RAISE EXCEPTION 'disk full (simulated)'; END IF; RETURN NEW; END $$`);
      await sql(
        'CREATE TRIGGER refuse_boom BEFORE INSERT ON request_keys FOR EACH ROW EXECUTE FUNCTION refuse_boom()',
      );
      try {
        const fine = store.transaction((d) => {
          markSeen(d.seen, 'fine', AT);
          return commit('fine');
        });
        const boom = store.transaction((d) => {
          markSeen(d.seen, 'boom', AT);
          return commit('boom');
        });
        const results = await Promise.allSettled([fine, boom]);
        for (const r of results) {
          expect(r.status).toBe('rejected');
          if (r.status === 'rejected') {
            expect(r.reason).toBeInstanceOf(StoreWriteError);
            expect(String(r.reason.message)).toMatch(/Nothing was changed; try again/);
          }
        }
        expect(await store.read((d) => seenKeys(d.seen))).toEqual([]);
        expect(await sql('SELECT key FROM request_keys')).toEqual([]);
        const later = await store.transaction((d) => {
          markSeen(d.seen, 'later', AT);
          return commit('ok');
        });
        expect(later).toBe('ok');
        expect(await sql('SELECT key FROM request_keys')).toEqual([{ key: 'later' }]);
      } finally {
        await sql('DROP TRIGGER refuse_boom ON request_keys');
        await sql('DROP FUNCTION refuse_boom()');
      }
    });
  });

  it('refuses to open a database holding a row that does not read back, naming it, and changes nothing', async () => {
    await reset();
    await withStore(async () => undefined);
    await sql(
      `UPDATE entities SET doc = '{"email":"ana@example.com","name":""}' WHERE key = 'ana@example.com'`,
    );
    const opening = openPgStore({ url: db.url });
    await expect(opening).rejects.toThrow(PgStoreOpenError);
    await expect(opening).rejects.toThrow(/companies\[acme\]\.members\[ana@example.com\]/);
    expect(await sql('SELECT doc::text AS doc FROM entities')).toEqual([
      { doc: '{"email":"ana@example.com","name":""}' },
    ]);
  });

  it('seeds a new store once, even when two replicas open it together, and records its migrations', async () => {
    await reset();
    const seed = () => storeWith(company('acme'), company('globex'));
    const [a, b] = await Promise.all([
      openPgStore({ url: db.url, seed }),
      openPgStore({ url: db.url, seed }),
    ]);
    try {
      expect(await sql('SELECT id FROM companies ORDER BY id')).toEqual([{ id: 'acme' }, { id: 'globex' }]);
      expect(await a.read((d) => d.companies.map((c) => c.id))).toEqual(['acme', 'globex']);
      expect(await b.read((d) => d.companies.map((c) => c.id))).toEqual(['acme', 'globex']);
    } finally {
      await a.close();
      await b.close();
    }
    // An emptied store is not seeded again: it was created once.
    await withStore(async (s) => {
      await s.transaction((d) => {
        d.companies = [];
        return commit(null);
      });
    });
    expect(await withStore((s) => s.read((d) => d.companies.length))).toBe(0);
    expect(await sql('SELECT name FROM pgmigrations ORDER BY name')).toEqual([
      { name: '1764460800000_store-tables' },
      { name: '1764460800001_company-changes' },
      { name: '1764460800010_access-reviews' },
      { name: '1764460800020_checked-rows' },
    ]);
  });

  it('says which server it could not reach, without the password', async () => {
    const opening = openPgStore({ url: 'postgres://bot:s3cret@127.0.0.1:1/nowhere' });
    await expect(opening).rejects.toThrow(
      /127\.0\.0\.1:1\/nowhere cannot be opened: the database is unreachable/,
    );
    await expect(opening).rejects.not.toThrow(/s3cret/);
  });
});

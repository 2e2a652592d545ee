// PostgreSQL going away in the middle of a change: the caller hears "try again" only when nothing was
// saved, a saved change whose answer was lost is confirmed as saved, and the store comes back by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeReachable } from '../../../src/app/server.ts';
import { StoreWriteError } from '../../../src/store/errors.ts';
import { openPgStore, type PgStore } from '../../../src/store/pg/pg-store.ts';
import { commit } from '../../../src/store/store.ts';
import { company, storeWith } from '../fixtures.ts';
import { admin, createTestDatabase, type TestDatabase } from './database.ts';
import { startProxy, type TcpProxy } from './proxy.ts';
import { holdCompanyLock, until } from './waiting.ts';

let db: TestDatabase;
let proxy: TcpProxy;
let store: PgStore;

beforeAll(async () => {
  db = await createTestDatabase('outage');
  const target = new URL(db.url);
  proxy = await startProxy(target.hostname, Number(target.port || 5432));
  store = await openPgStore({
    url: proxy.url(db.url),
    seed: () => storeWith(company('acme')),
    fateWaitMs: 1_000,
  });
});
afterAll(async () => {
  await proxy.start().catch(() => undefined);
  await store.close();
  await proxy.stop();
  await db.drop();
});

const rename = (name: string) =>
  store.transaction((d) => {
    const c = d.companies[0];
    if (c) c.name = name;
    return commit(name);
  });

const nameInDb = () =>
  admin(
    async (c) =>
      (await c.query<{ name: string }>("SELECT doc->>'name' AS name FROM companies")).rows[0]?.name,
    db.url,
  );
const nameInMemory = () => store.read((d) => d.companies[0]?.name);

describe('PostgreSQL store: outages', () => {
  it('an outage in the middle of a change: "try again", nothing changed, nothing acknowledged lost, and it comes back', async () => {
    expect(await rename('Acknowledged')).toBe('Acknowledged');
    const lock = await holdCompanyLock(db.url, 'acme');
    const during = rename('During the outage');
    await lock.waitForWaiters(1);
    await proxy.stop();
    await expect(during).rejects.toThrow(StoreWriteError);
    await expect(during).rejects.toThrow(/Nothing was changed; try again/);
    await lock.release();
    expect(await nameInDb()).toBe('Acknowledged');
    expect(await nameInMemory()).toBe('Acknowledged');
    // While it is away: not ready (what /readyz answers), and changes fail the same way.
    expect(await store.readiness()).toMatchObject({ ready: false });
    expect(await storeReachable(store)).toMatchObject({
      ready: false,
      reason: expect.stringMatching(/unreachable/),
    });
    await expect(rename('Still away')).rejects.toThrow(/try again/);
    await proxy.start();
    await until(async () => (await store.readiness()).ready, 'the store to reach the database again');
    expect(await storeReachable(store)).toEqual({ ready: true });
    expect(await rename('After the outage')).toBe('After the outage');
    expect(await nameInDb()).toBe('After the outage');
  });

  it('a COMMIT whose answer is lost on the way is confirmed with the database, and acknowledged as saved', async () => {
    proxy.loseNextCommitAnswer();
    const cut = proxy.commitsCut;
    expect(await rename('Saved, answer lost')).toBe('Saved, answer lost');
    expect(proxy.commitsCut).toBe(cut + 1);
    expect(await nameInDb()).toBe('Saved, answer lost');
    expect(await nameInMemory()).toBe('Saved, answer lost');
  });

  it('when the database cannot be asked whether the COMMIT took effect, the answer says so rather than "nothing changed"', async () => {
    // The database becomes unreachable the moment the COMMIT reaches it, so nobody can ask it.
    proxy.loseNextCommitAnswer({ thenGoDark: true });
    const unsure = rename('Unsure');
    await expect(unsure).rejects.toThrow(/could not be confirmed whether it was saved/);
    await expect(unsure).rejects.not.toThrow(/Nothing was changed/);
    await proxy.start();
    // The store reloads everything once it is back: it then holds what the database holds.
    expect(await nameInDb()).toBe('Unsure');
    await until(
      async () => (await nameInMemory()) === 'Unsure',
      'the store to reload after the unknown outcome',
    );
  });
});

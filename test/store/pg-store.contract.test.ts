// Runs the Store contract against the PostgreSQL store, each test on a database of its own, reached through
// a proxy that can break the connection a write uses.
import { openPgStore } from '../../src/store/pg/pg-store.ts';
import type { Store } from '../../src/store/store.ts';
import { runStoreContract } from './contract.ts';
import { runStoreContractV2 } from './contract-v2.ts';
import { createTestDatabase } from './pg/database.ts';
import { startProxy } from './pg/proxy.ts';

const make = async () => {
  const db = await createTestDatabase('contract');
  const target = new URL(db.url);
  const proxy = await startProxy(target.hostname, Number(target.port || 5432));
  const url = proxy.url(db.url);
  let store: Store = await openPgStore({ url });
  return {
    store,
    failNextWrite: () => proxy.breakNextBegin(),
    reopen: async () => {
      await store.close();
      store = await openPgStore({ url });
      return store;
    },
    cleanup: async () => {
      await store.close();
      await proxy.stop();
      await db.drop();
    },
  };
};

runStoreContract('PostgreSQL store', make);
runStoreContractV2('PostgreSQL store', make, { durable: true });
